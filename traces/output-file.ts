// SPDX-License-Identifier: GPL-2.0-only
/**
 * A result file written as the run goes, chunk by chunk as its data
 * arrives (a program's output): written as `<path>.partial`, renamed into
 * place by close() and removed by abort(), as pcaps are, so the file only
 * ever exists whole beside the rest of its run's results.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { OutputFileError } from './errors';

/** One file of a stream's whole content. */
export class OutputFile {
  private fd: number | undefined;

  /**
   * Creates `path.partial`.
   * @param path where the file ends up
   * @param name the file as the results name it (`apps/0-h1.stdout`), for messages
   * @throws OutputFileError if it cannot be created
   */
  constructor(
    readonly path: string,
    readonly name: string,
  ) {
    try {
      this.fd = openSync(this.partialPath, 'w');
    } catch (err) {
      throw new OutputFileError(`${name}: cannot be created: ${(err as Error).message}`, { cause: err });
    }
  }

  /** The file while it is written. */
  get partialPath(): string {
    return `${this.path}.partial`;
  }

  /**
   * Appends `chunk` (synchronously: the bytes are on their way to the disk
   * when this returns, so nothing is held in memory however much comes).
   * After close() or abort() it does nothing: the run is over, and a
   * program killed at its end may still have been flushing.
   * @throws OutputFileError if the file system refuses it (a full disk)
   */
  write(chunk: Uint8Array): void {
    if (this.fd === undefined) return;
    try {
      let off = 0;
      while (off < chunk.length) off += writeSync(this.fd, chunk, off, chunk.length - off);
    } catch (err) {
      throw new OutputFileError(`${this.name}: cannot be written: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Closes the file and renames it into place.  Does nothing once closed or aborted. */
  close(): void {
    const fd = this.fd;
    if (fd === undefined) return;
    this.fd = undefined;
    closeSync(fd);
    renameSync(this.partialPath, this.path);
  }

  /** Closes the file and removes it: it would be incomplete.  Never throws. */
  abort(): void {
    const fd = this.fd;
    if (fd === undefined) return;
    this.fd = undefined;
    try {
      closeSync(fd);
    } catch {
      // Closed or failed already: the file still goes.
    }
    rmSync(this.partialPath, { force: true });
  }
}
