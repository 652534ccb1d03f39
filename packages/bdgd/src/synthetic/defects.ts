// Defect injection for tests of broken inputs. Wraps a FeatureSink and corrupts a deterministic
// selection of rows (the 3rd, 10th, 17th … row of the layer) while recording exactly what was done.
import type { FeatureSink, FieldValues, Geometry } from './features.ts';
import type { InjectedDefect } from './manifest.ts';
import { type LayerName, layerDef } from './schema.ts';

export type InvalidGeometryKind = 'empty' | 'null' | 'degenerate';

export interface DefectOptions {
  /** Layers left out of the geodatabase entirely. */
  dropLayers?: LayerName[];
  /** Give `count` rows the COD_ID of the row written just before them. */
  duplicateCodIds?: Array<{ layer: LayerName; count: number }>;
  /** Replace geometries: EMPTY, null shape, or degenerate (zero-length line / bow-tie polygon / EMPTY point). */
  invalidGeometries?: Array<{ layer: LayerName; count: number; kind?: InvalidGeometryKind }>;
  /** Point PAC (or PAC_2, the upstream end, for branches) at a node that does not exist. */
  danglingPacs?: Array<{ layer: LayerName; count: number }>;
  /** Set CTMT to a feeder code absent from CTMT. */
  unknownCtmt?: Array<{ layer: LayerName; count: number }>;
}

const FIRST_ROW = 2;
const STRIDE = 7;

function selected(index: number, count: number): boolean {
  return index >= FIRST_ROW && (index - FIRST_ROW) % STRIDE === 0 && (index - FIRST_ROW) / STRIDE < count;
}

function hasField(layer: LayerName, field: string): boolean {
  return layerDef(layer).fields.some((f) => f.name === field);
}

function degenerate(geometry: Geometry | undefined, layer: LayerName): Geometry {
  if (geometry?.kind === 'line') {
    const p = geometry.points[0];
    if (p) return { kind: 'line', points: [p, p] };
  }
  if (geometry?.kind === 'polygon') {
    const [a, b, c, d] = geometry.ring;
    if (a && b && c && d) return { kind: 'polygon', ring: [a, c, b, d, a] };
  }
  return { kind: 'wkt', text: `${layerDef(layer).geometry.toUpperCase()} EMPTY` };
}

export function validateDefectOptions(options: DefectOptions): void {
  for (const { layer } of options.invalidGeometries ?? []) {
    if (layerDef(layer).geometry === 'None') throw new Error(`camada ${layer} não tem geometria`);
  }
  for (const { layer } of options.danglingPacs ?? []) {
    if (!hasField(layer, 'PAC') && !hasField(layer, 'PAC_2')) throw new Error(`camada ${layer} não tem PAC`);
  }
  for (const { layer } of options.unknownCtmt ?? []) {
    if (!hasField(layer, 'CTMT')) throw new Error(`camada ${layer} não tem CTMT`);
  }
  for (const { layer } of options.duplicateCodIds ?? []) {
    if (!hasField(layer, 'COD_ID')) throw new Error(`camada ${layer} não tem COD_ID`);
  }
}

export class DefectInjector implements FeatureSink {
  readonly defects: InjectedDefect[] = [];
  private readonly rowIndex = new Map<string, number>();
  private readonly lastCodId = new Map<string, string>();
  private readonly dropped: Set<string>;

  constructor(
    private readonly target: FeatureSink,
    private readonly options: DefectOptions,
  ) {
    validateDefectOptions(options);
    this.dropped = new Set(options.dropLayers ?? []);
    for (const layer of this.dropped) this.defects.push({ type: 'dropLayer', layer: layer as LayerName });
  }

  write(layer: LayerName, values: FieldValues, geometry?: Geometry): void {
    if (this.dropped.has(layer)) return;
    const index = this.rowIndex.get(layer) ?? 0;
    this.rowIndex.set(layer, index + 1);
    const row = { ...values };
    let shape = geometry;
    const codId = row.COD_ID === undefined ? undefined : String(row.COD_ID);

    for (const d of this.options.duplicateCodIds ?? []) {
      const previous = this.lastCodId.get(layer);
      if (d.layer === layer && previous !== undefined && selected(index, d.count)) {
        row.COD_ID = previous;
        this.defects.push({
          type: 'duplicateCodId',
          layer,
          codId: previous,
          field: 'COD_ID',
          value: previous,
        });
      }
    }
    for (const d of this.options.invalidGeometries ?? []) {
      if (d.layer === layer && selected(index, d.count)) {
        const kind = d.kind ?? 'empty';
        shape =
          kind === 'null'
            ? { kind: 'null' }
            : kind === 'degenerate'
              ? degenerate(geometry, layer)
              : { kind: 'wkt', text: `${layerDef(layer).geometry.toUpperCase()} EMPTY` };
        this.defects.push({ type: 'invalidGeometry', layer, codId: String(row.COD_ID), value: kind });
      }
    }
    for (const d of this.options.danglingPacs ?? []) {
      if (d.layer === layer && selected(index, d.count)) {
        const field = hasField(layer, 'PAC') ? 'PAC' : 'PAC_2';
        const value = `PAC_INEXISTENTE_${index}`;
        row[field] = value;
        this.defects.push({ type: 'danglingPac', layer, codId: String(row.COD_ID), field, value });
      }
    }
    for (const d of this.options.unknownCtmt ?? []) {
      if (d.layer === layer && selected(index, d.count)) {
        const value = `CTMT_INEXISTENTE_${index}`;
        row.CTMT = value;
        this.defects.push({ type: 'unknownCtmt', layer, codId: String(row.COD_ID), field: 'CTMT', value });
      }
    }
    if (codId !== undefined) this.lastCodId.set(layer, codId);
    this.target.write(layer, row, shape);
  }
}
