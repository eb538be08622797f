// SPDX-License-Identifier: GPL-2.0-only
/** Errors of the topology helpers that are not about a place in a file (see topology-error.ts for those). */
import { quote } from '../core/quote';
import { BadInputError } from '../core/errors';

/** What a {@link UnitError} was trying to parse. */
export type UnitKind = 'duration' | 'rate' | 'size' | 'probability';

/**
 * A value with a unit ("5ms", "100Mbps", "1.5MB", "1%") that cannot be read. The message quotes the value
 * and says what was expected; the topology loader adds the path and line.
 */
export class UnitError extends BadInputError {
  override readonly name = 'UnitError';

  /**
   * @param value the text as given
   * @param kind what it should have been
   * @param expected what a valid value looks like, e.g. `a number and one of ns, us, ... e.g. "5ms"`
   * @param reason what exactly is wrong, when more can be said than "is not a <kind>"
   */
  constructor(
    readonly value: string,
    readonly kind: UnitKind,
    expected: string,
    reason?: string,
  ) {
    const why = reason === undefined ? '' : `: ${reason}`;
    super(`${quote(value)} is not a ${kind}${why} (expected ${expected})`);
  }
}
