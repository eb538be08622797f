// SPDX-License-Identifier: GPL-2.0-only
/**
 * ParamError, how a model refuses a value of one of its parameters (thrown
 * by sim/core/param-defaults.ts, sim/node/node-params.ts,
 * apps/app-params.ts), and parseParam, which turns a parser's error into
 * one.  The loader (sim/topology/param-reader.ts) reports it at the key as a
 * TopologyError; one that reaches the command is internal, exit 70.
 */
import { InternalError } from './errors';

/**
 * A model refuses a value it was given for one of its parameters (a rule the
 * table cannot state: an address of the wrong family, a route with neither
 * gateway nor device).  It names the parameter, or none when the entry as a
 * whole is wrong, and says why; the topology loader, which knows where the
 * key is written, reports it at that key's path and line, so a model never
 * needs to see the file.
 */
export class ParamError extends InternalError {
  override readonly name = 'ParamError';

  /**
   * @param param the property name of the parameter, as in the model's table;
   *   null when no one key is at fault (a route with neither via: nor dev:)
   * @param reason what is wrong, as the user should read it after the key's path
   * @param entry for a parameter that is a mapping (a text map), the name of
   *   the one entry at fault, reported at that entry (`env.BIG`)
   */
  constructor(
    readonly param: string | null,
    readonly reason: string,
    readonly entry: string | null = null,
  ) {
    super(param === null ? reason : `${param}${entry === null ? '' : `.${entry}`}: ${reason}`);
  }
}

/** `parse(text)` for parameter `param`: what it throws becomes that parameter's ParamError. */
export function parseParam<T>(param: string, text: string, parse: (text: string) => T): T {
  try {
    return parse(text);
  } catch (err) {
    throw new ParamError(param, err instanceof Error ? err.message : String(err));
  }
}
