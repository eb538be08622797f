// SPDX-License-Identifier: GPL-2.0-only
/** Errors of the trace writers. */
import { InternalError } from '../sim/core/errors';

/** A trace writer was used out of order: written before `open`, or after `close`/`abort`, or opened twice. */
export class TraceStateError extends InternalError {
  override readonly name = 'TraceStateError';
}

/** A value cannot be represented in the trace format (e.g. a time before 0 or past the 32-bit seconds field). */
export class TraceRangeError extends InternalError {
  override readonly name = 'TraceRangeError';
}

/** A result file written as the run goes (a program's output) could not be written: the run cannot be recorded whole. */
export class OutputFileError extends InternalError {
  override readonly name = 'OutputFileError';
}
