// SPDX-License-Identifier: GPL-2.0-only
/**
 * A model's defaults applied to what was given: the model calls this in its
 * own file, so that a default is declared and applied by the model and the
 * loader never names one.
 */
import type { Given, ParamsOf, ParamTable } from './param';
import { ParamError } from './param-error';

/**
 * Every value parameter of `table`: the given value, else the table's
 * default.  Nested keys are left out (their owner builds them).
 * @throws ParamError if a parameter without a default was not given
 */
export function withDefaults<T extends ParamTable>(table: T, given: Given<T>): ParamsOf<T> {
  const values: Record<string, unknown> = {};
  const supplied = given as Readonly<Record<string, unknown>>;
  for (const [name, p] of Object.entries(table)) {
    if (p.kind === 'nested') continue;
    const value = supplied[name] ?? p.default;
    if (value === undefined) throw new ParamError(name, p.required ?? 'missing, and it has no default');
    values[name] = value;
  }
  return values as ParamsOf<T>;
}
