// Reads a file geodatabase's layer list, feature counts and field definitions with GDAL's `ogrinfo`.
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SourceField {
  name: string;
  type: string;
}

export interface SourceLayer {
  name: string;
  geometry: string | null;
  featureCount: number;
  fields: SourceField[];
}

export class BdgdFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BdgdFileError';
  }
}

/** GDAL path for a `.gdb` directory or a zipped one (`.zip`, read in place through /vsizip/). */
export function gdalPath(file: string): string {
  const absolute = resolve(file);
  if (!existsSync(absolute)) throw new BdgdFileError(`Arquivo não encontrado: ${absolute}`);
  if (absolute.toLowerCase().endsWith('.zip')) return `/vsizip/${absolute}`;
  if (!statSync(absolute).isDirectory()) {
    throw new BdgdFileError(`${absolute} não é um File Geodatabase (.gdb) nem um .gdb.zip`);
  }
  return absolute;
}

export function parseOgrinfoSummary(text: string): { driver: string | null; layers: SourceLayer[] } {
  const driver = /using driver `([^']+)'/.exec(text)?.[1] ?? null;
  const layers: SourceLayer[] = [];
  let current: SourceLayer | null = null;
  let inFields = false;
  for (const line of text.split('\n')) {
    const layerName = /^Layer name: (.+)$/.exec(line);
    if (layerName?.[1]) {
      current = { name: layerName[1].trim(), geometry: null, featureCount: 0, fields: [] };
      layers.push(current);
      inFields = false;
      continue;
    }
    if (!current) continue;
    const geometry = /^Geometry: (.+)$/.exec(line);
    if (geometry?.[1]) current.geometry = geometry[1].trim() === 'None' ? null : geometry[1].trim();
    const count = /^Feature Count: (-?\d+)$/.exec(line);
    if (count?.[1]) current.featureCount = Number(count[1]);
    if (/^(FID Column|Geometry Column) = /.test(line)) inFields = true;
    const field = /^([A-Za-z_][A-Za-z0-9_]*): ([A-Za-z0-9]+) \(/.exec(line);
    if (field?.[1] && field[2] && (inFields || current.fields.length > 0 || !line.startsWith(' '))) {
      if (!/^(Layer|Geometry|Feature|Extent|Data)/.test(field[1]))
        current.fields.push({ name: field[1], type: field[2] });
    }
  }
  return { driver, layers };
}

export async function inspectGeodatabase(path: string): Promise<SourceLayer[]> {
  let output: { stdout: string; stderr: string };
  try {
    output = await run('ogrinfo', ['-ro', '-so', '-al', '-nomd', path], { maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new BdgdFileError('GDAL não encontrado (ogrinfo). Instale com: apt-get install -y gdal-bin');
    }
    const reason = (e.stderr ?? '').split('\n').find((l) => /ERROR|FAILURE/.test(l) && !/->/.test(l));
    throw new BdgdFileError(
      `Não foi possível abrir ${path} como File Geodatabase: arquivo corrompido, truncado ou que não é um BDGD` +
        (reason ? ` (${reason.trim()})` : ''),
    );
  }
  const { driver, layers } = parseOgrinfoSummary(output.stdout);
  if (driver !== 'OpenFileGDB') {
    throw new BdgdFileError(
      `${path} não é um File Geodatabase (GDAL abriu com o driver ${driver ?? 'desconhecido'})`,
    );
  }
  return layers;
}
