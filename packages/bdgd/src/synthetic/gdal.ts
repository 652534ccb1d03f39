// GDAL command-line I/O: CSV layer files → Esri File Geodatabase (OpenFileGDB driver, GDAL ≥ 3.6).
import { spawn } from 'node:child_process';
import type { GeometryKind, LayerDef } from './schema.ts';

const OGR_GEOMETRY: Record<GeometryKind, string> = {
  MultiLineString: 'MULTILINESTRING',
  Point: 'POINT',
  MultiPolygon: 'MULTIPOLYGON',
  None: 'NONE',
};

export function run(command: string, args: readonly string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else
        reject(
          new Error(
            `${command} ${args.join(' ')} terminou com código ${code}: ${Buffer.concat(err).toString('utf8')}`,
          ),
        );
    });
  });
}

/** Arguments for `ogr2ogr` converting one layer CSV into the geodatabase. */
export function ogr2ogrLayerArgs(
  gdbPath: string,
  csvPath: string,
  def: LayerDef,
  createGdb: boolean,
): string[] {
  const args = ['-f', 'OpenFileGDB'];
  if (!createGdb) args.push('-update');
  args.push(gdbPath, csvPath, '-nln', def.name, '-nlt', OGR_GEOMETRY[def.geometry], '-gt', '65536');
  if (def.geometry !== 'None') {
    args.push('-oo', 'GEOM_POSSIBLE_NAMES=WKT', '-oo', 'KEEP_GEOM_COLUMNS=NO');
    args.push('-a_srs', 'EPSG:4674', '-lco', 'GEOMETRY_NAME=Shape');
    if (def.geometry !== 'Point') args.push('-lco', 'CREATE_SHAPE_AREA_AND_LENGTH_FIELDS=YES');
  }
  return args;
}

export async function convertLayer(gdbPath: string, csvPath: string, def: LayerDef, createGdb: boolean) {
  await run('ogr2ogr', ogr2ogrLayerArgs(gdbPath, csvPath, def, createGdb));
}
