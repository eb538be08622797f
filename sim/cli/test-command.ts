// SPDX-License-Identifier: GPL-2.0-only
/**
 * `libsim test PATH...`: runs every topology with `checks:` found in the
 * paths (files, or directories searched recursively for *.yaml, in name
 * order), prints TAP on stdout and optionally writes JUnit XML.
 *
 * Exit code: 0 when every check passed; otherwise the worst of 1 (a check
 * failed), 2 (a file or option is bad input, or a run stopped on it), 3 (a
 * node's kernel faulted), 70 (internal error).
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeCheck } from '../check/check-evaluator';
import type { CheckResult } from '../check/check-result';
import { writeJunit } from '../check/junit-writer';
import type { SuiteResult } from '../check/junit-writer';
import { tapError, tapLine } from '../check/tap-writer';
import { loadTopology } from '../topology/topology-loader';
import { APP_KINDS } from '../../apps/app-kinds';
import type { Topology } from '../topology/topology';
import { exitCodeOf, runExperiment, timeoutMs, withOverrides } from './commands';
import { EXIT } from '../core/errors';
import { oneLine, quoteIfNeeded } from '../core/quote';
import { InputError } from '../core/input-error';
import { onInterrupt } from './interrupts';
import { ResultsDirectory } from './results-directory';
import { noteMissingLandlock, runsCommands } from './landlock-note';
import { checkKernelOption } from './kernel-option';
import { checkMemory } from './memory-estimate';
import { prepareOutDir } from './out-dir';

/** Options of `libsim test`, as given on the command line. */
export interface TestOptions {
  paths: string[];
  /** Write JUnit XML here too. */
  junit?: string;
  /** Keep each run's summary.json and logs in DIR/<file path with / as ->. */
  out?: string;
  seed?: string;
  kernel?: string;
  allowExec: boolean;
  execTimeout?: string;
  logLevel: string;
  /** Run even when the topology's nodes look too many for the memory available. */
  force?: boolean;
}

/** Order of badness of exit codes: the run's exit code is the worst seen. */
const SEVERITY: readonly number[] = [EXIT.OK, EXIT.CHECKS_FAILED, EXIT.BAD_INPUT, EXIT.KERNEL_FAULT, EXIT.INTERNAL];

/** Runs the checks of every topology under `paths`; prints TAP; returns the exit code. */
export async function testCommand(o: TestOptions): Promise<number> {
  const files = o.paths.flatMap(topologyFiles);
  const kernel = checkKernelOption(o.kernel);
  const timeout = timeoutMs(o.execTimeout);
  if (o.out !== undefined) prepareOutDir(o.out);
  const loaded = files.map((file): { file: string; topology: Topology | null; error: Error | null } => {
    try {
      return { file, topology: withOverrides(loadTopology(file, { apps: APP_KINDS }), { seed: o.seed }), error: null };
    } catch (err) {
      return { file, topology: null, error: err as Error };
    }
  });
  noteMissingLandlock(loaded.some((l) => l.topology !== null && runsCommands(l.topology)));
  const plan = loaded.reduce((n, l) => n + (l.topology === null ? 1 : l.topology.checks.length), 0);
  const out = process.stdout;
  out.write(`TAP version 13\n1..${plan}\n`);
  let n = 0;
  let code = 0;
  const worst = (c: number): void => {
    if (SEVERITY.indexOf(c) > SEVERITY.indexOf(code)) code = c;
  };
  const suites: SuiteResult[] = [];
  for (const l of loaded) {
    if (l.topology === null) {
      out.write(tapError(++n, l.file, 'load', l.error!.message));
      suites.push({ file: l.file, checks: [], error: l.error!.message });
      worst(exitCodeOf(l.error!));
      continue;
    }
    const t = l.topology;
    if (t.checks.length === 0) {
      out.write(`# ${oneLine(l.file)}: no checks, not run\n`);
      continue;
    }
    // Under --out each topology's results are a results directory like run's.
    const resultsPath = o.out !== undefined ? join(o.out, l.file.replace(/\.yaml$/, '').replace(/[/\\]/g, '-')) : null;
    let results: ResultsDirectory | null = null;
    let outDir = '';
    let forgetOut = (): void => undefined;
    let checks: readonly CheckResult[];
    let error: string | null = null;
    try {
      checkMemory(t.nodes.length, o.force ?? false);
      results = resultsPath !== null ? ResultsDirectory.open(resultsPath) : null;
      const dir = results;
      outDir = dir?.staging ?? mkdtempSync(join(tmpdir(), 'libsim-test-'));
      const tmp = outDir;
      forgetOut =
        dir !== null
          ? onInterrupt(() => dir.discard())
          : onInterrupt(() => rmSync(tmp, { recursive: true, force: true }));
      // Its results are those of a run without pcaps and report; kept only under --out.
      const { summary } = await runExperiment(t, {
        outDir,
        pcap: false,
        report: false,
        allowExec: o.allowExec,
        commandTimeoutMs: timeout,
        logLevel: o.logLevel,
        ...(kernel.path !== undefined ? { libraryPath: kernel.path } : {}),
      });
      results?.commit();
      checks = summary.checks;
      if (summary.faults.length > 0) {
        worst(EXIT.KERNEL_FAULT);
        for (const f of summary.faults) {
          out.write(oneLine(`# ${l.file}: kernel fault on ${f.node} at ${f.time_ns} ns: ${f.message}`) + '\n');
        }
      }
    } catch (err) {
      results?.abandon();
      const e = err as Error;
      error = e.message;
      worst(exitCodeOf(e));
      checks = t.checks.map((spec): CheckResult => ({
        description: describeCheck(spec),
        kind: spec.kind,
        node: spec.kind === 'link' ? null : spec.kind === 'command' ? spec.node : t.apps[spec.app]!.node,
        time_ns: spec.kind === 'command' ? spec.at : t.duration,
        ok: false,
        message: `the run failed: ${e.message}`,
        expected: null,
        actual: null,
      }));
    } finally {
      forgetOut();
      if (results === null && outDir !== '') rmSync(outDir, { recursive: true, force: true });
    }
    for (const c of checks) {
      out.write(tapLine(++n, l.file, c));
      if (!c.ok) worst(EXIT.CHECKS_FAILED);
    }
    suites.push({ file: l.file, checks, error });
  }
  const failed = suites.reduce((k, s) => k + (s.checks.length === 0 ? 1 : s.checks.filter((c) => !c.ok).length), 0);
  out.write(`# ${n - failed} of ${n} ok\n`);
  if (o.junit !== undefined) {
    try {
      writeJunit(o.junit, suites);
    } catch (err) {
      throw new InputError(`--junit ${quoteIfNeeded(o.junit)}: ${(err as Error).message}`);
    }
  }
  return code;
}

/** A path's topology files: itself, or the *.yaml below it (recursively, in name order). */
function topologyFiles(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new InputError(`${quoteIfNeeded(path)}: no such file or directory`);
  }
  if (!st.isDirectory()) return [path];
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.yaml')) found.push(p);
    }
  };
  walk(path);
  if (found.length === 0) throw new InputError(`${quoteIfNeeded(path)}: no .yaml files`);
  return found;
}
