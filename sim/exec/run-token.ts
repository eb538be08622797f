// SPDX-License-Identifier: GPL-2.0-only
/**
 * One program at a time in the whole simulation.  A call server
 * (sim/exec/call-server.ts) runs one thread of its program at a time; the
 * token extends that to every program of a simulation, so that two
 * programs woken at the same simulated instant never run at once: which
 * of their calls the simulator serves first would otherwise depend on the
 * host's timing, and with it what each call returns.  The server that
 * wants to run a thread takes the token, or is queued for it in the order
 * it asked (an order the simulation's events give), and gives it back
 * once none of its threads runs or is ready to.
 */
import type { Simulator } from '../core/simulator';

/** A server that can be handed the token. */
export interface TokenHolder {
  /** It holds the token now (it was queued for it). */
  granted(): void;
}

/** The token of one simulation. */
export class RunToken {
  private holder: TokenHolder | null = null;
  private readonly queue: TokenHolder[] = [];

  /**
   * Whether `who` holds the token: it takes it if it is free; otherwise
   * `who` is queued (once) and granted() it in turn.
   */
  take(who: TokenHolder): boolean {
    if (this.holder === who) return true;
    if (this.holder === null && this.queue.length === 0) {
      this.holder = who;
      return true;
    }
    if (!this.queue.includes(who)) this.queue.push(who);
    return false;
  }

  /** `who` needs the token no more (held or queued): the first queued gets it. */
  give(who: TokenHolder): void {
    const i = this.queue.indexOf(who);
    if (i >= 0) this.queue.splice(i, 1);
    if (this.holder !== who) return;
    this.holder = this.queue.shift() ?? null;
    this.holder?.granted();
  }

  /** Whether `who` holds it. */
  holds(who: TokenHolder): boolean {
    return this.holder === who;
  }
}

const tokens = new WeakMap<Simulator, RunToken>();

/** The token of the simulation `sim` drives. */
export function runTokenOf(sim: Simulator): RunToken {
  let token = tokens.get(sim);
  if (token === undefined) {
    token = new RunToken();
    tokens.set(sim, token);
  }
  return token;
}
