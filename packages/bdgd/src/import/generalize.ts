// Generalised network for low zooms: each feeder's MV (and LV) lines merged and simplified once per import,
// so that a tile showing a whole utility reads a few rows per feeder instead of every span.
import type pg from 'pg';
import { q } from './columns.ts';

/** Simplification tolerance in metres (Web Mercator units) per generalisation level. */
export const GENERALIZATION_LEVELS = [
  { nivel: 1, toleranceM: 60 },
  { nivel: 2, toleranceM: 8 },
] as const;

export async function buildGeneralizedNetwork(
  client: pg.ClientBase,
  options: { idImportado: number; workSchema: string },
): Promise<number> {
  const { idImportado, workSchema } = options;
  const target = `${q(workSchema)}.rede_generalizada`;
  await client.query(`CREATE TABLE ${target} (LIKE public.rede_generalizada INCLUDING DEFAULTS)`);
  let rows = 0;
  for (const camada of ['ssdmt', 'ssdbt']) {
    for (const { nivel, toleranceM } of GENERALIZATION_LEVELS) {
      const result = await client.query(
        `INSERT INTO ${target} (id_importado, id, camada, nivel, ctmt, comprimento_m, geom_3857)
         SELECT ${idImportado}, 0, $1, $2, ctmt, sum_comp, geom
           FROM (
             SELECT ctmt, sum(comp) AS sum_comp,
                    ST_SimplifyPreserveTopology(ST_LineMerge(ST_CollectionExtract(ST_Collect(geom_3857), 2)), $3) AS geom
               FROM ${q(workSchema)}.${q(camada)}
              WHERE geom_3857 IS NOT NULL
              GROUP BY ctmt
           ) merged
          WHERE geom IS NOT NULL AND NOT ST_IsEmpty(geom)`,
        [camada, nivel, toleranceM],
      );
      rows += result.rowCount ?? 0;
    }
  }
  await client.query(
    `UPDATE ${target} g SET id = n.rn FROM (SELECT ctid, row_number() OVER () AS rn FROM ${target}) n WHERE g.ctid = n.ctid`,
  );
  await client.query(
    `ALTER TABLE ${target} ADD CONSTRAINT ${q(`rede_generalizada_${idImportado}_particao`)} CHECK (id_importado = ${idImportado})`,
  );
  const partition = `rede_generalizada_${idImportado}`;
  await client.query(
    `ALTER TABLE ${target} ADD CONSTRAINT ${q(`${partition}_pkey`)} PRIMARY KEY (id_importado, id)`,
  );
  await client.query(`CREATE INDEX ${q(`${partition}_geom_3857_idx`)} ON ${target} USING gist (geom_3857)`);
  return rows;
}
