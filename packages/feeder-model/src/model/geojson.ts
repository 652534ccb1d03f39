// GeoJSON of a solved feeder for the map: MV/LV segments (loading %, current, losses) and transformers
// (loading %, LV voltage) with the geometry of the BDGD (EPSG:4674, lon/lat).
import type { FeederModel } from './build-feeder.ts';
import type { InstantSummary } from './summarise.ts';

export interface FeatureCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; id: string; geometry: unknown; properties: Record<string, unknown> }[];
}

export function resultGeoJson(model: FeederModel, summary: InstantSummary): FeatureCollection {
  const voltages = new Map(summary.tensoes_barras.map((v) => [v.barra, v]));
  const toBus = new Map<string, string>();
  for (const l of model.input.lines ?? []) toBus.set(l.id, l.toBus);
  for (const t of model.input.transformers ?? []) toBus.set(t.id, t.toBus);
  const features: FeatureCollection['features'] = [];
  for (const b of summary.carregamento_linhas) {
    const info = model.branches.get(b.id);
    if (!info?.geometry) continue;
    const v = voltages.get(toBus.get(b.id) ?? '');
    const phases = [v?.va_pu, v?.vb_pu, v?.vc_pu].filter((x): x is number => typeof x === 'number' && x > 0);
    features.push({
      type: 'Feature',
      id: b.id,
      geometry: info.geometry,
      properties: {
        camada: info.table,
        cod_id: info.codId,
        nivel: info.level,
        carregamento_pct: b.carregamento_pct,
        corrente_a: b.corrente_a,
        perdas_kw: b.perdas_kw,
        tensao_min_pu: phases.length > 0 ? Math.min(...phases) : null,
        sobrecarga: b.carregamento_pct > 100,
      },
    });
  }
  return { type: 'FeatureCollection', features };
}
