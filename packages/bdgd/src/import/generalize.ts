// Generalised network for low zooms: each feeder's MV lines merged and simplified once per import (LV lines
// are only drawn from zoom 13, where they are read as they are),
// so that a tile showing a whole utility reads a few rows per feeder instead of every span.
import type pg from 'pg';
import { q } from './columns.ts';

/** Simplification tolerance in metres (Web Mercator units) per generalisation level. */
/** Level 1 (whole-utility views) also drops merged parts shorter than `minPartM`: at z ≤ 9 they are sub-pixel,
 *  and the number of parts, not of vertices, is what makes those tiles large. */
export const GENERALIZATION_LEVELS = [
  { nivel: 1, toleranceM: 150, minPartM: 400 },
  { nivel: 2, toleranceM: 8, minPartM: 0 },
] as const;

export async function buildGeneralizedNetwork(
  client: pg.ClientBase,
  options: { idImportado: number; workSchema: string },
): Promise<number> {
  const { idImportado, workSchema } = options;
  const target = `${q(workSchema)}.rede_generalizada`;
  await client.query(`CREATE TABLE ${target} (LIKE public.rede_generalizada INCLUDING DEFAULTS)`);
  // Each feeder's lines are merged once, then simplified at every level.
  const result = await client.query(
    `WITH merged AS (
       SELECT camada, ctmt, sum(comp) AS comprimento_m,
              ST_LineMerge(ST_CollectionExtract(ST_Collect(geom_3857), 2)) AS geom
         FROM (SELECT 'ssdmt' AS camada, ctmt, comp, geom_3857 FROM ${q(workSchema)}.ssdmt) lines
        WHERE geom_3857 IS NOT NULL
        GROUP BY camada, ctmt
     ),
     levels (nivel, tolerance, min_part) AS (VALUES ${GENERALIZATION_LEVELS.map((l) => `(${l.nivel}, ${l.toleranceM}, ${l.minPartM})`).join(', ')})
     INSERT INTO ${target} (id_importado, id, camada, nivel, ctmt, comprimento_m, geom_3857)
     SELECT ${idImportado}, row_number() OVER (), camada, nivel, ctmt, comprimento_m, geom
       FROM (SELECT m.camada, l.nivel, m.ctmt, m.comprimento_m,
                    ST_SimplifyPreserveTopology(
                      CASE WHEN l.min_part > 0
                           THEN (SELECT ST_Collect(d.geom) FROM ST_Dump(m.geom) d WHERE ST_Length(d.geom) >= l.min_part)
                           ELSE m.geom END,
                      l.tolerance) AS geom
               FROM merged m CROSS JOIN levels l) simplified
      WHERE geom IS NOT NULL AND NOT ST_IsEmpty(geom)`,
  );
  const rows = result.rowCount ?? 0;
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
