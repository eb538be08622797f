// SPDX-License-Identifier: GPL-2.0-only
/**
 * Where this checkout's native build outputs are: the kernel library
 * (kernel/build/), the fault guard (kernel/host/build/) and the prefault
 * thread (sim/kernel/prefault/build/).  Found by walking up from the
 * running module, because the same code runs from sim/kernel/ (sources),
 * dist/sim/kernel/ (compiled) and dist/bin/ (the bundled CLI).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The first `relative` path that exists in this module's folder or one above it; null when none does. */
export function findBuildOutput(relative: string): string | null {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, relative);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}
