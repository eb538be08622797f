// SPDX-License-Identifier: GPL-2.0-only
/**
 * Ctrl-C (SIGINT) and SIGTERM during a command of the CLI: libsim stops at
 * once, undoes what it had under way -- the commands' process groups
 * killed (they are detached, so the terminal's signal never reaches them),
 * the unfinished results directory and its lock removed -- says so in one
 * line and exits with 128 + the signal's number (130, 143), as a shell
 * reports a process killed by it.
 *
 * The handler runs when Node's event loop gets a turn: the simulator gives
 * it one every 1,000 events and after each node's boot (Simulator's
 * yieldEvery), so within milliseconds.  The undoing is synchronous and the
 * process exits from the handler: no promise of the interrupted run is
 * awaited, and nothing of it is written after.
 */
import { constants } from 'node:os';
import { killRunningGroups } from '../exec/process-group';

/** An undo step of work under way, and what the line says of it once undone. */
interface Undo {
  readonly undo: () => void;
  readonly note: string | null;
}

/** The steps registered and not yet forgotten, in the order registered. */
const undoing = new Set<Undo>();
let installed = false;

/**
 * Registers `undo`, to run if the process is interrupted before the
 * returned function is called (when the work is done, or undone
 * otherwise); `note` is what the interrupted line then says of it.
 */
export function onInterrupt(undo: () => void, note: string | null = null): () => void {
  const step = { undo, note };
  undoing.add(step);
  return () => {
    undoing.delete(step);
  };
}

function interrupted(signal: 'SIGINT' | 'SIGTERM'): void {
  killRunningGroups();
  const notes: string[] = [];
  // Last registered first: a progress line is ended before the results go.
  for (const step of [...undoing].reverse()) {
    try {
      step.undo();
      if (step.note !== null) notes.push(step.note);
    } catch {
      // Undo what can be undone; the exit code says what happened.
    }
  }
  undoing.clear();
  process.stderr.write(`libsim: interrupted by ${signal}${notes.length > 0 ? `: ${notes.join('; ')}` : ''}\n`);
  process.exit(128 + constants.signals[signal]);
}

/** Makes SIGINT and SIGTERM stop libsim as described above (once a process). */
export function exitOnInterrupt(): void {
  if (installed) return;
  installed = true;
  process.on('SIGINT', () => interrupted('SIGINT'));
  process.on('SIGTERM', () => interrupted('SIGTERM'));
}
