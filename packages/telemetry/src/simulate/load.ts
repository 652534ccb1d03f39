// Reads the fleet to simulate from an imported BDGD: transformers (latest import per COD_ID) with rated
// kVA, primary voltage (TTEN) and phases; the consumers below each one (UCBT_tab.UNI_TR_MT, ENE_01..12,
// TIP_CC); and the CRVCRG load curves (COD_ID = TIP_CC, TIP_DIA DU/SA/DO, POT_01..POT_96).
import type pg from 'pg';
import { RATINGS_SQL, ratingFromRow } from '../ratings/ratings.ts';
import type { Consumer, DayType, LoadCurves, SimTransformer } from './model.ts';

const ENE = Array.from({ length: 12 }, (_, i) => `ene_${String(i + 1).padStart(2, '0')}`);
const POT = Array.from({ length: 96 }, (_, i) => `pot_${String(i + 1).padStart(2, '0')}`);

export async function loadFleet(
  pool: pg.Pool,
  limit?: number,
): Promise<{ transformers: SimTransformer[]; curves: LoadCurves }> {
  const ratings = (await pool.query(RATINGS_SQL)).rows.map(ratingFromRow);
  ratings.sort((a, b) => (a.cod_id < b.cod_id ? -1 : 1));
  const chosen = limit ? ratings.slice(0, limit) : ratings;
  const consumers = new Map<string, Consumer[]>();
  const rows = await pool.query<Record<string, unknown>>(
    `SELECT DISTINCT ON (c.id_importado, c.cod_id, c.uni_tr_mt) c.uni_tr_mt, c.tip_cc, ${ENE.map((e) => `c.${e}`).join(', ')}
       FROM public.ucbt_tab c WHERE c.uni_tr_mt IS NOT NULL`,
  );
  for (const r of rows.rows) {
    const list = consumers.get(r.uni_tr_mt as string) ?? [];
    list.push({ tipCc: String(r.tip_cc ?? ''), energy: ENE.map((e) => Number(r[e] ?? 0)) });
    consumers.set(r.uni_tr_mt as string, list);
  }
  const curves: LoadCurves = new Map();
  const curveRows = await pool.query<Record<string, unknown>>(
    `SELECT DISTINCT ON (cod_id, tip_dia) cod_id, tip_dia, ${POT.join(', ')} FROM public.crvcrg ORDER BY cod_id, tip_dia, id_importado DESC`,
  );
  for (const r of curveRows.rows) {
    const cls = String(r.cod_id);
    const day = String(r.tip_dia) as DayType;
    const byDay = curves.get(cls) ?? {};
    byDay[day] = POT.map((p) => Number(r[p] ?? 0));
    curves.set(cls, byDay);
  }
  return {
    transformers: chosen.map((r) => ({
      cod: r.cod_id,
      potNomKva: r.potNomKva,
      tenPriKv: r.tenPriKv,
      fases: r.fases ?? 3,
      consumers: consumers.get(r.cod_id) ?? [],
    })),
    curves,
  };
}

/** A synthetic fleet (no database): `n` three-phase transformers with a generic load. */
export function syntheticFleet(n: number, prefix = 'SIM'): SimTransformer[] {
  const sizes = [15, 30, 45, 75, 112.5, 150];
  return Array.from({ length: n }, (_, i) => ({
    cod: `${prefix}_${i}`,
    potNomKva: sizes[i % sizes.length] as number,
    tenPriKv: 13.8,
    fases: 3,
    consumers: [],
  }));
}
