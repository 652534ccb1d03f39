// Summary of every feeder, computed once per import generation and filtered in memory (search, bbox,
// import), so that listing feeders of a million-segment utility does not scan the network each time.
import type { Database } from '../../db/database.ts';
import { PerGeneration } from '../../db/generation.ts';
import { feederSummariesSql } from './feeders-sql.ts';

export type BBox = [number, number, number, number];

export interface FeederSummary {
  id_importado: number;
  cod_id: string;
  nome: string | null;
  sub: string | null;
  bbox: BBox | null;
  km_mt: number;
  n_transformadores: number;
}

export interface FeederFilter {
  busca?: string;
  bbox?: BBox;
  importacao?: number;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

export function feederSummaries(db: Database): PerGeneration<FeederSummary[]> {
  return new PerGeneration(db.generation, async () => {
    const columns = await db.columns.get();
    const result = await db.pool.query(feederSummariesSql(columns));
    return result.rows.map((r) => ({
      id_importado: r.id_importado,
      cod_id: r.cod_id,
      nome: r.nome,
      sub: r.sub,
      bbox:
        r.xmin === null ? null : ([r.xmin, r.ymin, r.xmax, r.ymax].map((v: number) => round(v, 7)) as BBox),
      km_mt: round(Number(r.km_mt), 3),
      n_transformadores: r.n_transformadores,
    }));
  });
}

export function filterFeeders(all: readonly FeederSummary[], filter: FeederFilter): FeederSummary[] {
  const term = filter.busca?.trim().toLocaleLowerCase('pt-BR');
  return all.filter((f) => {
    if (filter.importacao !== undefined && f.id_importado !== filter.importacao) return false;
    if (term) {
      const inCode = f.cod_id.toLocaleLowerCase('pt-BR').includes(term);
      const inName = f.nome?.toLocaleLowerCase('pt-BR').includes(term) ?? false;
      if (!inCode && !inName) return false;
    }
    if (filter.bbox) {
      if (!f.bbox) return false;
      const [a0, a1, a2, a3] = filter.bbox;
      const [b0, b1, b2, b3] = f.bbox;
      if (b2 < a0 || b0 > a2 || b3 < a1 || b1 > a3) return false;
    }
    return true;
  });
}

/** Parses `minLon,minLat,maxLon,maxLat`; returns an error message in Portuguese when invalid. */
export function parseBbox(text: string): BBox | string {
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 4 || parts.some((p) => !Number.isFinite(p))) {
    return 'bbox deve ter 4 números separados por vírgula: minLon,minLat,maxLon,maxLat';
  }
  const [minLon, minLat, maxLon, maxLat] = parts as BBox;
  if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90) {
    return 'bbox fora dos limites de longitude (−180…180) e latitude (−90…90)';
  }
  if (minLon > maxLon || minLat > maxLat) return 'bbox com mínimo maior que o máximo';
  return [minLon, minLat, maxLon, maxLat];
}
