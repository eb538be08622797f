// SPDX-License-Identifier: GPL-2.0-only
/**
 * `libsim reproduce DIR`: runs the experiment a results directory records
 * (its topology copy, seed and options, on the kernel builds run.json
 * names) into a temporary directory and compares summary.json, report.html,
 * the pcaps and the process apps' output files byte for byte.  What an
 * artifact evaluator runs.
 *
 * Exit code: 0 identical; 1 a file differs (the first one is named, and for
 * summary.json the first differing key path); 2 bad input, or no library
 * here is a recorded kernel build (unless --kernel names one); 3 a kernel
 * fault in the rerun.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describeKernel, KernelBuild } from '../kernel/kernel-build';
import { defaultLibraryPath } from '../kernel/liblinux';
import { keptKernelsById, sha256File, sha256Hex } from '../kernel/kernel-store';
import { InputFileError } from '../topology/input-file-error';
import { readInputFile } from '../topology/input-file';
import { parseTopology, readTopologyText } from '../topology/topology-loader';
import { APP_KINDS } from '../../apps/app-kinds';
import { runExperiment } from './commands';
import { InputError } from '../core/input-error';
import { firstJsonDifference } from './json-diff';
import { KernelMismatchError } from './kernel-mismatch-error';
import { onInterrupt } from './interrupts';
import { ProgressLine } from './progress-line';
import { KernelRecord, RunRecord } from './provenance';
import { APPS_DIR, PCAP_DIR, REPORT_FILE, RUN_RECORD, SUMMARY_FILE } from '../../traces/result-names';

/** Options of `libsim reproduce`, as given on the command line. */
export interface ReproduceOptions {
  dir: string;
  /** A library with the recorded SHA-256, where the recorded path no longer has it. */
  kernel?: string;
  /** Keep the rerun's directory even when it is identical. */
  keep: boolean;
  logLevel: string;
}

/** run.json of `dir`, checked for the fields reproduce uses. */
function readRecord(dir: string): RunRecord {
  const path = join(dir, RUN_RECORD);
  if (!existsSync(path)) {
    throw new InputError(`${path}: no such file: not the results directory of a finished \`libsim run\``);
  }
  let record: RunRecord;
  try {
    // Bounded and regular, like every input file: a record is a few KiB.
    record = JSON.parse(readInputFile(path, 1024 * 1024)) as RunRecord;
  } catch (err) {
    if (!(err instanceof InputFileError) && !(err instanceof SyntaxError)) throw err;
    throw new InputError(`${path}: ${err.message}`);
  }
  const e = record?.experiment;
  if (
    typeof record?.topology?.copy !== 'string' ||
    typeof record.topology.sha256 !== 'string' ||
    !Array.isArray(record.kernels) ||
    typeof e?.seed !== 'string' ||
    typeof e.duration_ns !== 'string' ||
    typeof e.pcap !== 'boolean' ||
    typeof e.report !== 'boolean' ||
    typeof e.allowExec !== 'boolean' ||
    typeof e.execTimeoutMs !== 'number'
  ) {
    throw new InputError(`${path}: not a run record this libsim can read (topology, experiment or kernels missing)`);
  }
  // The copy lies in the directory itself: a record cannot point elsewhere.
  if (!/^[^/\\]+$/.test(record.topology.copy) || record.topology.copy.startsWith('.')) {
    throw new InputError(
      `${path}: topology.copy ${JSON.stringify(record.topology.copy)} is not a file name in the directory`,
    );
  }
  return record;
}

/** What differs between a recorded build and one found here, in words. */
function buildDifference(want: KernelRecord, have: KernelBuild): string {
  const parts: string[] = [];
  if (want.release !== have.release) parts.push(`release ${want.release} vs ${have.release}`);
  if (want.debian !== have.debian) {
    parts.push(`Debian version ${want.debian ?? '(not recorded)'} vs ${have.debian ?? '(not recorded)'}`);
  }
  parts.push(`SHA-256 ${want.sha256.slice(0, 12)}... vs ${have.sha256.slice(0, 12)}...`);
  return parts.join(', ');
}

/**
 * A library file with each recorded kernel's SHA-256, by SHA-256: --kernel,
 * the recorded path, the default library, or a build kept in the cache.
 * @throws KernelMismatchError naming what differs when one cannot be found
 */
function findKernels(recorded: readonly KernelRecord[], given: string | undefined): Map<string, string> {
  const givenPath = given === undefined ? undefined : resolve(given);
  if (givenPath !== undefined) {
    if (!existsSync(givenPath)) throw new InputError(`--kernel ${given}: no such file`);
    const sum = sha256File(givenPath);
    if (!recorded.some((k) => k.sha256 === sum)) {
      throw new KernelMismatchError(
        `--kernel ${given}: SHA-256 ${sum.slice(0, 12)}... is none of the builds the run used ` +
          `(${recorded.map((k) => `${k.sha256.slice(0, 12)}...`).join(', ')})`,
      );
    }
  }
  const found = new Map<string, string>();
  for (const k of recorded) {
    const candidates = [givenPath, k.path, defaultLibraryPath(), ...keptKernelsById(k.sha256)];
    const hit = candidates.find((p) => p !== undefined && existsSync(p) && sha256File(p) === k.sha256);
    if (hit !== undefined) {
      found.set(k.sha256, hit);
      continue;
    }
    const here = defaultLibraryPath();
    const versus = existsSync(here) ? `; ${here} differs: ${buildDifference(k, describeKernel(here))}` : '';
    throw new KernelMismatchError(
      `the run used liblinux ${k.release} (Debian ${k.debian ?? 'version not recorded'}, ` +
        `SHA-256 ${k.sha256}) on ${k.nodes.join(', ')}, and no library here has it${versus}. ` +
        'Give --kernel PATH to a copy of that build (libsim kernels lists the kept ones)',
    );
  }
  return found;
}

/**
 * The files a comparison covers, of either side: summary.json, report.html,
 * the pcaps, then the process apps' output files (apps/, whole where the
 * summary keeps 64 KiB).
 */
function resultFiles(a: string, b: string): string[] {
  const listed = (dir: string, sub: string, keep: (f: string) => boolean): string[] =>
    existsSync(join(dir, sub))
      ? readdirSync(join(dir, sub))
          .filter(keep)
          .map((f) => `${sub}/${f}`)
      : [];
  const pcap = (f: string): boolean => f.endsWith('.pcap');
  const output = (f: string): boolean => f.endsWith('.stdout') || f.endsWith('.stderr');
  const files = new Set([
    SUMMARY_FILE,
    REPORT_FILE,
    ...listed(a, PCAP_DIR, pcap),
    ...listed(b, PCAP_DIR, pcap),
    ...listed(a, APPS_DIR, output),
    ...listed(b, APPS_DIR, output),
  ]);
  const rank = (f: string): number =>
    f === SUMMARY_FILE ? 0 : f === REPORT_FILE ? 1 : f.startsWith(`${PCAP_DIR}/`) ? 2 : 3;
  return [...files]
    .filter((f) => existsSync(join(a, f)) || existsSync(join(b, f)))
    .sort((x, y) => rank(x) - rank(y) || (x < y ? -1 : x > y ? 1 : 0));
}

/** The first difference between two results directories, in words; null when identical. */
export function compareResults(original: string, rerun: string): string | null {
  for (const f of resultFiles(original, rerun)) {
    const a = join(original, f);
    const b = join(rerun, f);
    if (!existsSync(a)) return `${f}: only in the rerun`;
    if (!existsSync(b)) return `${f}: only in the original`;
    const ba = readFileSync(a);
    const bb = readFileSync(b);
    if (ba.equals(bb)) continue;
    if (f === SUMMARY_FILE) {
      try {
        const d = firstJsonDifference(JSON.parse(ba.toString('utf8')), JSON.parse(bb.toString('utf8')));
        if (d !== null) {
          return `summary.json differs at ${d.path || 'the top level'}: ${d.original} in the original, ${d.rerun} in the rerun`;
        }
      } catch {
        // Not JSON on one side: the byte difference below says enough.
      }
    }
    let i = 0;
    while (i < ba.length && i < bb.length && ba[i] === bb[i]) i++;
    return `${f} differs from byte ${i} (${ba.length} bytes in the original, ${bb.length} in the rerun)`;
  }
  return null;
}

/** `libsim reproduce DIR`: see the file comment. */
export async function reproduceCommand(o: ReproduceOptions): Promise<number> {
  const record = readRecord(o.dir);
  const copy = join(o.dir, record.topology.copy);
  const text = readTopologyText(copy);
  const sum = sha256Hex(text);
  if (sum !== record.topology.sha256) {
    throw new InputError(
      `${copy}: changed since the run (SHA-256 ${sum.slice(0, 12)}..., recorded ${record.topology.sha256.slice(0, 12)}...)`,
    );
  }
  const libraries = findKernels(record.kernels, o.kernel);
  const nodeKernels = new Map(
    record.kernels.flatMap((k) => k.nodes.map((n): [string, string] => [n, libraries.get(k.sha256)!])),
  );
  const e = record.experiment;
  const topology = {
    ...parseTopology(text, copy, { apps: APP_KINDS, kernels: nodeKernels }),
    seed: BigInt(e.seed),
    duration: BigInt(e.duration_ns),
  };
  const missing = topology.nodes.filter((n) => !nodeKernels.has(n.name)).map((n) => n.name);
  if (missing.length > 0) {
    throw new InputError(`${join(o.dir, RUN_RECORD)}: no kernel recorded for ${missing.join(', ')}`);
  }
  const out = mkdtempSync(join(tmpdir(), 'libsim-reproduce-'));
  const forgetRerun = onInterrupt(() => rmSync(out, { recursive: true, force: true }));
  const progress = new ProgressLine(topology.duration);
  const forgetProgress = onInterrupt(() => progress.done());
  let summary;
  try {
    ({ summary } = await runExperiment(topology, {
      outDir: out,
      pcap: e.pcap,
      report: e.report,
      allowExec: e.allowExec,
      commandTimeoutMs: e.execTimeoutMs,
      logLevel: o.logLevel,
      onProgress: (now) => progress.update(now),
    }));
  } catch (err) {
    rmSync(out, { recursive: true, force: true });
    throw err;
  } finally {
    forgetRerun();
    forgetProgress();
    progress.done();
  }
  const difference = compareResults(o.dir, out);
  if (difference === null) {
    const files = resultFiles(o.dir, out);
    process.stdout.write(`identical: ${files.length} files (${files.join(', ')})\n`);
    if (o.keep) process.stdout.write(`rerun: ${out}\n`);
    else rmSync(out, { recursive: true, force: true });
    return summary.faults.length > 0 ? 3 : 0;
  }
  process.stdout.write(`different: ${difference}\nrerun kept in ${out}\n`);
  return 1;
}
