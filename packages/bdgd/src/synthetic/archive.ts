// Zip packaging of the geodatabase (like the public `.gdb.zip`) and a truncated copy for tests of
// corrupt downloads. Uses the `zip` command-line tool.
import { closeSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { run } from './gdal.ts';

/** Zips `gdbPath` (a directory) into `zipPath` with the `.gdb/` folder at the archive root. */
export async function zipGdb(gdbPath: string, zipPath: string): Promise<void> {
  await run('zip', ['-r', '-q', '-X', zipPath, basename(gdbPath)], dirname(gdbPath));
}

/** Writes the first `fraction` (0–1) of `source` to `target`; returns the number of bytes kept. */
export function writeTruncatedCopy(source: string, target: string, fraction = 0.5): number {
  const size = statSync(source).size;
  const keep = Math.max(0, Math.min(size - 1, Math.floor(size * fraction)));
  const input = openSync(source, 'r');
  const output = openSync(target, 'w');
  try {
    const buffer = Buffer.alloc(1 << 20);
    let done = 0;
    while (done < keep) {
      const n = readSync(input, buffer, 0, Math.min(buffer.length, keep - done), done);
      if (n <= 0) break;
      writeSync(output, buffer, 0, n);
      done += n;
    }
    return done;
  } finally {
    closeSync(input);
    closeSync(output);
  }
}
