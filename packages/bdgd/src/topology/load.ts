// Reads the branch elements and feeder heads of one import and builds its NetworkGraph.
import type pg from 'pg';
import { BRANCH_TABLES } from '../catalogue.ts';
import { q, tableColumns } from '../import/columns.ts';
import { type BranchInput, type FeederHead, NetworkGraph } from './graph.ts';

/** Where to read from: the live partitioned tables filtered by import, or a work schema during an import. */
export type GraphSource = { kind: 'live'; idImportado: number } | { kind: 'work'; schema: string };

export async function loadNetworkGraph(
  client: pg.ClientBase | pg.Pool,
  source: GraphSource,
): Promise<NetworkGraph> {
  const schema = source.kind === 'live' ? 'public' : source.schema;
  const filter = source.kind === 'live' ? `WHERE id_importado = ${Number(source.idImportado)}` : '';
  const branches: BranchInput[] = [];
  for (const table of BRANCH_TABLES) {
    const columns = new Set((await tableColumns(client as pg.ClientBase, schema, table)).map((c) => c.name));
    if (!columns.has('pac_1') || !columns.has('pac_2')) continue;
    const open = columns.has('p_n_ope') ? `p_n_ope = 'A'` : 'false';
    const codId = columns.has('cod_id') ? 'cod_id' : 'NULL::text';
    const ctmt = columns.has('ctmt') ? 'ctmt' : 'NULL::text';
    const result = await client.query({
      text: `SELECT id, ${codId}, pac_1, pac_2, ${ctmt}, ${open} FROM ${q(schema)}.${q(table)} ${filter} ORDER BY id`,
      rowMode: 'array',
    });
    for (const row of result.rows as [
      string,
      string | null,
      string | null,
      string | null,
      string | null,
      boolean,
    ][]) {
      branches.push({
        table,
        id: Number(row[0]),
        codId: row[1],
        pac1: row[2],
        pac2: row[3],
        ctmt: row[4],
        open: row[5] === true,
      });
    }
  }
  const ctmtColumns = new Set(
    (await tableColumns(client as pg.ClientBase, schema, 'ctmt')).map((c) => c.name),
  );
  const headColumn = ctmtColumns.has('pac_ini') ? 'pac_ini' : ctmtColumns.has('pac') ? 'pac' : null;
  const heads: FeederHead[] = [];
  if (headColumn && ctmtColumns.has('cod_id')) {
    const result = await client.query<{ cod_id: string; pac: string }>(
      `SELECT cod_id, ${q(headColumn)} AS pac FROM ${q(schema)}.ctmt ${filter} ORDER BY cod_id`,
    );
    for (const row of result.rows) if (row.pac) heads.push({ ctmt: row.cod_id, pac: row.pac });
  }
  return new NetworkGraph(branches, heads);
}
