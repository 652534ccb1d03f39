// Independent readings of a source file with GDAL's command-line tools, to compare imports against.
import { execFileSync } from 'node:child_process';

/** Feature count of every layer, as `ogrinfo` reports it. */
export function ogrLayerCounts(gdalPath: string): Record<string, number> {
  const text = execFileSync('ogrinfo', ['-ro', '-so', '-al', '-nomd', gdalPath], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const counts: Record<string, number> = {};
  let layer = '';
  for (const line of text.split('\n')) {
    const name = /^Layer name: (.+)$/.exec(line);
    if (name?.[1]) layer = name[1].trim();
    const count = /^Feature Count: (\d+)$/.exec(line);
    if (count?.[1] && layer) counts[layer] = Number(count[1]);
  }
  return counts;
}

/** Result rows of an SQL statement (GDAL SQLite dialect), as key → value maps (values as text). */
export function ogrSql(gdalPath: string, sql: string): Record<string, string>[] {
  const text = execFileSync('ogrinfo', ['-ro', '-q', '-nomd', gdalPath, '-dialect', 'SQLite', '-sql', sql], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const rows: Record<string, string>[] = [];
  let current: Record<string, string> | null = null;
  for (const line of text.split('\n')) {
    if (/^OGRFeature/.test(line)) {
      current = {};
      rows.push(current);
      continue;
    }
    const field = /^\s+([A-Za-z_0-9]+) \([^)]*\) = (.*)$/.exec(line);
    if (current && field?.[1]) current[field[1]] = field[2] ?? '';
  }
  return rows;
}
