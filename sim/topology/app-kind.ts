// SPDX-License-Identifier: GPL-2.0-only
/**
 * What the topology loader knows of apps: only what each kind of app tells
 * it.  Apps live above the loader (apps/ imports sim/, never the reverse),
 * so each app declares its kind in its own params file and the caller hands
 * the loader the catalog of kinds (apps/app-kinds.ts), as ns-3 finds a
 * model's attributes through its TypeId rather than by name in the helper.
 */
import type { ParamTable } from '../core/param';

/** What every app entry has: its kind and the node it runs on. */
export interface AppSpecBase {
  readonly type: string;
  readonly node: string;
}

/** One kind of app, as the loader and the schema see it. */
export interface AppKind<S extends AppSpecBase = AppSpecBase> {
  /** Its `type:` in a topology file. */
  readonly type: S['type'];
  /** What it does, for the schema. */
  readonly doc: string;
  /** Its keys besides `type` and `node`, in the order messages list them. */
  readonly params: ParamTable;
  /** Pairs of keys (property names) that must not both be given. */
  readonly exclusive?: ReadonlyArray<readonly [string, string]>;
  /**
   * The app's spec from what the file gave (read by `params`), on `node`,
   * the app's defaults applied.
   * @throws ParamError at a key the app cannot use as given
   */
  spec(node: string, given: Readonly<Record<string, unknown>>): S;
  /**
   * How many report intervals the app records in a run of `duration` ns
   * (each is a sample kept in memory and in summary.json); absent: none.
   */
  reportIntervals?(spec: S, duration: bigint): bigint;
}

/** The kinds of app a topology may use, by `type`. */
export type AppCatalog<S extends AppSpecBase = AppSpecBase> = readonly AppKind<S>[];
