// Streams the features of every layer to one CSV file (+ .csvt type sidecar) per layer, in the exact
// field order and types of the BDGD layout. Missing strings become ' ' and missing numbers 0, as in
// the public files. Rows are buffered and flushed with synchronous writes, so memory stays flat.
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { type FeatureSink, type FieldValues, type Geometry, toWkt } from './features.ts';
import { type LayerDef, type LayerName, layerDef } from './schema.ts';

const FLUSH_BYTES = 1 << 20;

interface OpenLayer {
  readonly def: LayerDef;
  readonly fd: number;
  readonly csvPath: string;
  chunks: string[];
  bytes: number;
  rows: number;
}

function quote(text: string): string {
  return `"${text.includes('"') ? text.replaceAll('"', '""') : text}"`;
}

export function csvtLine(def: LayerDef): string {
  const types = def.fields.map((f) => (f.type === 'String' ? `String(${f.width})` : f.type));
  if (def.geometry !== 'None') types.unshift('WKT');
  return `${types.map((t) => `"${t}"`).join(',')}\n`;
}

export function csvHeader(def: LayerDef): string {
  const names = def.fields.map((f) => f.name);
  if (def.geometry !== 'None') names.unshift('WKT');
  return `${names.join(',')}\n`;
}

export class CsvLayerWriter implements FeatureSink {
  private readonly layers = new Map<string, OpenLayer>();

  constructor(dir: string, layerNames: readonly LayerName[]) {
    for (const name of layerNames) {
      const def = layerDef(name);
      const csvPath = join(dir, `${name}.csv`);
      writeFileSync(join(dir, `${name}.csvt`), csvtLine(def));
      const fd = openSync(csvPath, 'w');
      writeSync(fd, csvHeader(def));
      this.layers.set(name, { def, fd, csvPath, chunks: [], bytes: 0, rows: 0 });
    }
  }

  write(layer: LayerName, values: FieldValues, geometry?: Geometry): void {
    const open = this.layers.get(layer);
    if (!open) return; // layer dropped on purpose (defect injection)
    const cells: string[] = [];
    if (open.def.geometry !== 'None') {
      const wkt = geometry ? toWkt(geometry) : '';
      cells.push(wkt === '' ? '' : quote(wkt));
    }
    for (const field of open.def.fields) {
      const value = values[field.name];
      if (field.type === 'String') {
        const text = value === undefined || value === '' ? ' ' : String(value);
        cells.push(quote(text));
      } else if (value === undefined || value === '') {
        cells.push('0');
      } else if (field.type === 'Integer') {
        cells.push(String(Math.round(Number(value))));
      } else {
        cells.push(String(value));
      }
    }
    const line = `${cells.join(',')}\n`;
    open.chunks.push(line);
    open.bytes += line.length;
    open.rows++;
    if (open.bytes >= FLUSH_BYTES) this.flush(open);
  }

  private flush(open: OpenLayer): void {
    if (open.chunks.length === 0) return;
    writeSync(open.fd, open.chunks.join(''));
    open.chunks = [];
    open.bytes = 0;
  }

  rowCount(layer: LayerName): number {
    return this.layers.get(layer)?.rows ?? 0;
  }

  /** Flushes and closes every file; returns the CSV path of each layer. */
  close(): Map<LayerName, string> {
    const paths = new Map<LayerName, string>();
    for (const [name, open] of this.layers) {
      this.flush(open);
      closeSync(open.fd);
      paths.set(name as LayerName, open.csvPath);
    }
    return paths;
  }
}
