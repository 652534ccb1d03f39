// Rated data of every transformer known to an import (latest import wins when a COD_ID appears in
// several), held in memory for the rules and refreshed when the set of imports changes:
//   potNomKva  UNTRMT.POT_NOM (kVA)
//   tenPriKv   EQTRMT.TEN_PRI (TTEN code) decoded through dominio_aneel(tabela='TTEN') in volts, / 1000
//   ctmt, fases (from FAS_CON_P), lon/lat (EPSG:4674)
import type pg from 'pg';
import type { Rating } from '../model.ts';

export const RATINGS_SQL = `
  WITH latest AS (
    SELECT DISTINCT ON (u.cod_id) u.id_importado, u.cod_id, u.pot_nom, u.ctmt, u.fas_con_p, u.geom
      FROM public.untrd u JOIN public.importados i ON i.id_importado = u.id_importado
     WHERE u.cod_id IS NOT NULL
     ORDER BY u.cod_id, i.importado_em DESC, u.id_importado DESC
  ), eq AS (
    SELECT e.id_importado, e.uni_tr_mt, max(d.valor) AS ten_pri_v
      FROM public.eqtrd e
      JOIN public.dominio_aneel d ON d.tabela = 'TTEN' AND d.codigo = e.ten_pri AND d.valor > 0
     GROUP BY e.id_importado, e.uni_tr_mt
  )
  SELECT l.cod_id, l.pot_nom, l.ctmt, l.fas_con_p, eq.ten_pri_v,
         ST_X(ST_PointOnSurface(l.geom)) AS lon, ST_Y(ST_PointOnSurface(l.geom)) AS lat
    FROM latest l
    LEFT JOIN eq ON eq.id_importado = l.id_importado AND eq.uni_tr_mt = l.cod_id`;

interface Row {
  cod_id: string;
  pot_nom: number | null;
  ctmt: string | null;
  fas_con_p: string | null;
  ten_pri_v: number | null;
  lon: number | null;
  lat: number | null;
}

export function phaseCount(fasCon: string | null): number | null {
  if (!fasCon) return null;
  const n = new Set(fasCon.toUpperCase().replace(/[^ABC]/g, '')).size;
  return n > 0 ? n : null;
}

export function ratingFromRow(row: Row): Rating {
  const pot = row.pot_nom === null ? null : Number(row.pot_nom);
  const ten = row.ten_pri_v === null ? null : Number(row.ten_pri_v);
  return {
    cod_id: row.cod_id,
    potNomKva: pot !== null && pot > 0 ? pot : null,
    tenPriKv: ten !== null && ten > 0 ? ten / 1000 : null,
    ctmt: row.ctmt,
    fases: phaseCount(row.fas_con_p),
    lon: row.lon,
    lat: row.lat,
  };
}

export class RatingCache {
  private ratings = new Map<string, Rating>();
  private generation: string | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly pool: pg.Pool) {}

  get size(): number {
    return this.ratings.size;
  }

  get(cod: string): Rating | undefined {
    return this.ratings.get(cod);
  }

  has(cod: string): boolean {
    return this.ratings.has(cod);
  }

  /** Loads (or reloads when the imports changed). Missing BDGD tables leave the cache empty, loudly. */
  async refresh(force = false): Promise<boolean> {
    let generation: string;
    try {
      const g = await this.pool.query<{ g: string }>(
        `SELECT coalesce(max(importado_em)::text, '') || ':' || count(*) AS g FROM public.importados`,
      );
      generation = g.rows[0]?.g ?? '';
    } catch (err) {
      if (this.generation === null) {
        console.warn(
          `[telemetria] sem dados nominais da BDGD (${(err as Error).message}); todas as leituras serão marcadas como de transformador desconhecido`,
        );
        this.generation = 'indisponivel';
      }
      return false;
    }
    if (!force && generation === this.generation) return false;
    let rows: Row[];
    try {
      rows = (await this.pool.query<Row>(RATINGS_SQL)).rows;
    } catch (err) {
      // No import yet (the importer adds the layer columns): no ratings.
      const code = (err as { code?: string }).code;
      if (code !== '42703' && code !== '42P01') throw err;
      console.warn(`[telemetria] nenhuma BDGD importada (${(err as Error).message}); sem dados nominais`);
      rows = [];
    }
    const next = new Map<string, Rating>();
    for (const row of rows) next.set(row.cod_id, ratingFromRow(row));
    this.ratings = next;
    this.generation = generation;
    return true;
  }

  /** Re-checks the imports every `everyMs`. */
  watch(everyMs: number): void {
    this.timer = setInterval(() => {
      this.refresh().catch((err) =>
        console.error(`[telemetria] recarga dos dados nominais falhou: ${err.message}`),
      );
    }, everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
