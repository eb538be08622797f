// SPDX-License-Identifier: GPL-2.0-only
/**
 * The whole output of a run's process apps: two files per program,
 * `apps/<index>-<node>.stdout` and `.stderr` (traces/result-names.ts),
 * written as the output arrives (traces/output-file.ts), renamed into
 * place by close() once the run has succeeded, removed by abort().
 */
import { mkdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { OutputFile } from './output-file';
import { APPS_DIR, programOutputFile } from './result-names';

/** The files of one program, open: each stream's, and their names relative to the results directory. */
export interface ProgramOutput {
  readonly files: { readonly stdout: string; readonly stderr: string };
  readonly stdout: OutputFile;
  readonly stderr: OutputFile;
}

/** The output files of one run. */
export class ProgramOutputs {
  private readonly files: OutputFile[] = [];

  /** @param resultsDir the results directory (the files go to its apps/) */
  constructor(private readonly resultsDir: string) {}

  /**
   * Opens the files of the process app at `index` in `apps:`, on `node`.
   * @throws OutputFileError if one cannot be created
   */
  open(index: number, node: string): ProgramOutput {
    mkdirSync(join(this.resultsDir, APPS_DIR), { recursive: true });
    const names = {
      stdout: programOutputFile(index, node, 'stdout'),
      stderr: programOutputFile(index, node, 'stderr'),
    };
    const stdout = new OutputFile(join(this.resultsDir, names.stdout), names.stdout);
    this.files.push(stdout);
    const stderr = new OutputFile(join(this.resultsDir, names.stderr), names.stderr);
    this.files.push(stderr);
    return { files: names, stdout, stderr };
  }

  /** Renames every file into place: for a run that succeeded. */
  close(): void {
    for (const f of this.files.splice(0)) f.close();
  }

  /**
   * Removes every file not closed yet -- incomplete, so a failed run (or
   * `libsim exec`, which keeps no results of its apps) leaves none -- and
   * apps/ if that leaves it empty.  Never throws.
   */
  abort(): void {
    for (const f of this.files.splice(0)) f.abort();
    try {
      rmdirSync(join(this.resultsDir, APPS_DIR));
    } catch {
      // Not there, or holding closed files.
    }
  }
}
