// Reads the BDGD rows of one feeder (CTMT) of one import from PostgreSQL (tables of packages/bdgd,
// partitioned by id_importado; blank strings are NULL).
import pg from 'pg';
import type {
  CapacitorRow,
  ConductorRow,
  ConsumerRow,
  FeederRow,
  FeederRows,
  GeneratorRow,
  LoadCurveRow,
  RegulatorRow,
  SegmentRow,
  SwitchRow,
  TransformerRow,
} from '../model/rows.ts';

type Queryable = pg.Pool | pg.ClientBase;

const months = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'));
const eneArray = (prefix = '') =>
  `ARRAY[${months.map((m) => `coalesce(${prefix}ene_${m},0)`).join(',')}]::float8[]`;
const potArray = `ARRAY[${Array.from({ length: 96 }, (_, i) => `coalesce(pot_${String(i + 1).padStart(2, '0')},0)`).join(',')}]::float8[]`;

const FLOAT8_ARRAY_OID = 1022;
/** float8[] without NULL elements (every array here is built from coalesce(...)): a plain split is ~5× faster
 * than the generic array parser, which dominated reading the 12 monthly energies of millions of consumers. */
const parseFloat8Array = (text: string): number[] =>
  text.length <= 2 ? [] : text.slice(1, -1).split(',').map(Number);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === FLOAT8_ARRAY_OID && format !== 'binary'
      ? parseFloat8Array
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

async function query<T extends pg.QueryResultRow>(db: Queryable, text: string, values: unknown[]) {
  return db.query<T>({ text, values, types });
}

/** Missing optional layers/fields (older or synthetic files) read as empty. */
async function optional<T extends pg.QueryResultRow>(
  db: Queryable,
  text: string,
  values: unknown[],
): Promise<T[]> {
  try {
    return (await query<T>(db, text, values)).rows;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '42P01' || code === '42703') return [];
    throw error;
  }
}

export class FeederNotFoundError extends Error {}

/** The most recent import holding feeder `ctmt`, or undefined. */
export async function latestImportOf(db: Queryable, ctmt: string): Promise<number | undefined> {
  const r = await db.query<{ id: number }>(
    'SELECT max(id_importado)::int AS id FROM public.ctmt WHERE cod_id = $1',
    [ctmt],
  );
  return r.rows[0]?.id ?? undefined;
}

/** COD_IDs of every feeder of an import. */
export async function listFeeders(db: Queryable, idImportado: number): Promise<string[]> {
  const r = await db.query<{ cod_id: string }>(
    'SELECT cod_id FROM public.ctmt WHERE id_importado = $1 AND cod_id IS NOT NULL ORDER BY cod_id',
    [idImportado],
  );
  return r.rows.map((row) => row.cod_id);
}

/** Year of the BDGD: BASE.DAT_FNL (dd/mm/yyyy) when present, else the current year. */
export async function bdgdYear(db: Queryable, idImportado: number): Promise<number> {
  const rows = await optional<{ dat_fnl: string | null }>(
    db,
    'SELECT dat_fnl FROM public.base WHERE id_importado = $1 LIMIT 1',
    [idImportado],
  );
  const match = /(\d{4})\s*$/.exec(rows[0]?.dat_fnl ?? '');
  return match ? Number(match[1]) : new Date().getFullYear();
}

/** Rows shared by every feeder of an import (conductors, load curves, year): read once per import. */
export interface ImportCatalogue {
  idImportado: number;
  year: number;
  conductors: ConductorRow[];
  curves: LoadCurveRow[];
}

export async function readImportCatalogue(db: Queryable, idImportado: number): Promise<ImportCatalogue> {
  const conductors = await optional<ConductorRow>(
    db,
    'SELECT cod_id, r1, x1, cnom, cmax_bdgd FROM public.segcon WHERE id_importado = $1 AND cod_id IS NOT NULL',
    [idImportado],
  );
  const curves = await optional<LoadCurveRow>(
    db,
    `SELECT cod_id, tip_dia, ${potArray} AS pot FROM public.crvcrg WHERE id_importado = $1 AND cod_id IS NOT NULL`,
    [idImportado],
  );
  return { idImportado, year: await bdgdYear(db, idImportado), conductors, curves };
}

export interface ReadOptions {
  /** Also read the geometries (GeoJSON, EPSG:4674) of MV/LV segments and transformers. */
  geometry?: boolean;
  catalogue?: ImportCatalogue;
}

/** One feeder's rows; throws FeederNotFoundError when the import has no such CTMT. */
export async function readFeederRows(
  db: Queryable,
  idImportado: number,
  ctmt: string,
  options: ReadOptions = {},
): Promise<FeederRows> {
  const rows = (await readFeedersRows(db, idImportado, [ctmt], options)).get(ctmt);
  if (!rows) throw new FeederNotFoundError(`alimentador ${ctmt} não encontrado na importação ${idImportado}`);
  return rows;
}

/** Rows as read, tagged with the CTMT they belong to (grouping key only). */
type Tagged<T> = T & { ctmt: string };

/**
 * The rows of many feeders of one import with one query per layer (`ctmt = ANY(...)`), grouped by CTMT:
 * the bulk path of `--todos` reads a few dozen feeders at a time instead of ~13 queries per feeder. Each
 * feeder gets exactly the rows (and order: by id) that a single-feeder read gives. Feeders absent from the
 * import are absent from the map.
 */
export async function readFeedersRows(
  db: Queryable,
  idImportado: number,
  ctmts: readonly string[],
  options: ReadOptions = {},
): Promise<Map<string, FeederRows>> {
  const args = [idImportado, ctmts];
  const feeders = await query<FeederRow>(
    db,
    `SELECT cod_id, nome, pac_ini, ten_nom, ten_ope::float8, ${eneArray()} AS ene,
            perd_a4::float8, perd_b::float8, perd_a4_b::float8, perd_med::float8,
            ARRAY[${months.map((m) => `coalesce(pntmt_${m},0)+coalesce(pntbt_${m},0)`).join(',')}]::float8[] AS pnt
       FROM public.ctmt WHERE id_importado = $1 AND cod_id = ANY($2::text[]) ORDER BY cod_id, id`,
    args,
  );
  const catalogue = options.catalogue ?? (await readImportCatalogue(db, idImportado));
  const out = new Map<string, FeederRows>();
  for (const feeder of feeders.rows) {
    if (out.has(feeder.cod_id)) continue;
    out.set(feeder.cod_id, {
      idImportado,
      year: catalogue.year,
      feeder,
      segments: [],
      switches: [],
      transformers: [],
      regulators: [],
      capacitors: [],
      conductors: catalogue.conductors,
      consumers: [],
      generators: [],
      curves: catalogue.curves,
    });
  }
  if (out.size === 0) return out;
  const distribute = <T>(rows: Tagged<T>[], pick: (f: FeederRows) => T[]) => {
    for (const row of rows) {
      const target = out.get(row.ctmt);
      if (target) pick(target).push(row);
    }
  };
  const geom = (table: string) =>
    options.geometry ? `, ST_AsGeoJSON(${table}.geom, 7)::json AS geometry` : '';
  for (const table of ['ssdmt', 'ssdbt', 'ramlig'] as const) {
    const rows = await optional<Tagged<SegmentRow>>(
      db,
      `SELECT ctmt, '${table}' AS table, id::int, cod_id, pac_1, pac_2, fas_con, tip_cnd, comp::float8, pos
              ${table === 'ramlig' ? '' : geom(table)}
         FROM public.${table} WHERE id_importado = $1 AND ctmt = ANY($2::text[]) ORDER BY ctmt, id`,
      args,
    );
    distribute(rows, (f) => f.segments);
  }
  distribute(
    await optional<Tagged<SwitchRow>>(
      db,
      `SELECT ctmt, id::int, cod_id, pac_1, pac_2, fas_con, p_n_ope, tip_unid, cor_nom
         FROM public.unsemt WHERE id_importado = $1 AND ctmt = ANY($2::text[]) ORDER BY ctmt, id`,
      args,
    ),
    (f) => f.switches,
  );
  distribute(
    await optional<Tagged<TransformerRow>>(
      db,
      `SELECT u.ctmt, u.id::int, u.cod_id, u.pac_1, u.pac_2, u.fas_con_p, u.fas_con_s, u.fas_con_t, u.tip_trafo,
              u.pot_nom::float8, u.per_fer::float8, u.per_tot::float8, u.ten_lin_se::float8, u.tap::float8, u.pos,
              coalesce((SELECT json_agg(json_build_object(
                  'pot_nom', e.pot_nom, 'ten_pri', e.ten_pri, 'ten_sec', e.ten_sec, 'per_fer', e.per_fer,
                  'per_tot', e.per_tot, 'r', e.r, 'xhl', e.xhl, 'lig_fas_p', e.lig_fas_p,
                  'lig_fas_s', e.lig_fas_s, 'lig_fas_t', e.lig_fas_t) ORDER BY e.id)
                 FROM public.eqtrd e WHERE e.id_importado = u.id_importado AND e.uni_tr_mt = u.cod_id), '[]'::json)
                AS equipment ${geom('u')}
         FROM public.untrd u WHERE u.id_importado = $1 AND u.ctmt = ANY($2::text[]) ORDER BY u.ctmt, u.id`,
      args,
    ),
    (f) => f.transformers,
  );
  distribute(
    await optional<Tagged<RegulatorRow>>(
      db,
      `SELECT u.ctmt, u.id::int, u.cod_id, u.pac_1, u.pac_2, u.fas_con, u.tip_regu,
              coalesce((SELECT json_agg(json_build_object(
                  'pot_nom', e.pot_nom, 'ten_reg', e.ten_reg, 'lig_fas_p', e.lig_fas_p, 'lig_fas_s', e.lig_fas_s,
                  'cor_nom', e.cor_nom, 'rel_tp', e.rel_tp) ORDER BY e.id)
                 FROM public.eqre e WHERE e.id_importado = u.id_importado AND e.un_re = u.cod_id), '[]'::json)
                AS equipment
         FROM public.unremt u WHERE u.id_importado = $1 AND u.ctmt = ANY($2::text[]) ORDER BY u.ctmt, u.id`,
      args,
    ),
    (f) => f.regulators,
  );
  distribute(
    await optional<Tagged<CapacitorRow>>(
      db,
      `SELECT ctmt, id::int, cod_id, pac_1, pac_2, fas_con, pot_nom
         FROM public.uncrmt WHERE id_importado = $1 AND ctmt = ANY($2::text[]) ORDER BY ctmt, id`,
      args,
    ),
    (f) => f.capacitors,
  );
  for (const table of ['ucbt_tab', 'ucmt_tab', 'pip'] as const) {
    distribute(
      await optional<Tagged<ConsumerRow>>(
        db,
        `SELECT ctmt, '${table}' AS table, id::int, cod_id, pac, fas_con, tip_cc, ${eneArray()} AS ene
           FROM public.${table} WHERE id_importado = $1 AND ctmt = ANY($2::text[]) ORDER BY ctmt, id`,
        args,
      ),
      (f) => f.consumers,
    );
  }
  for (const table of ['ugbt_tab', 'ugmt_tab'] as const) {
    distribute(
      await optional<Tagged<GeneratorRow>>(
        db,
        `SELECT ctmt, '${table}' AS table, id::int, cod_id, pac, fas_con, pot_inst::float8, ${eneArray()} AS ene
           FROM public.${table} WHERE id_importado = $1 AND ctmt = ANY($2::text[]) ORDER BY ctmt, id`,
        args,
      ),
      (f) => f.generators,
    );
  }
  return out;
}
