// Data defects of one import, found with SQL over the freshly built tables before they go live.
// Topology defects (unreachable elements, islands, loops, parallel branches) are added by the topology step.
import type pg from 'pg';
import { BRANCH_TABLES, LAYERS } from '../catalogue.ts';
import { CODED_FIELDS } from '../codes.ts';
import { q, tableColumns } from './columns.ts';

export interface Defect {
  tipo: string;
  camada: string;
  campo: string | null;
  quantidade: number;
  descricao: string;
  exemplos: unknown[];
}

const EXAMPLES = 10;

/** Point elements whose PAC must be a node of the network (a branch end). */
const ATTACHED_PAC = [
  { table: 'ucbt_tab', column: 'pac' },
  { table: 'ucmt_tab', column: 'pac' },
  { table: 'ucat_tab', column: 'pac' },
  { table: 'ugbt_tab', column: 'pac' },
  { table: 'ugmt_tab', column: 'pac' },
  { table: 'ugat_tab', column: 'pac' },
  { table: 'pip', column: 'pac' },
  { table: 'ctmt', column: 'pac_ini' },
];

/** References from one table's field to another table's COD_ID. */
const REFERENCES = [
  { table: 'ssdmt', column: 'tip_cnd', target: 'segcon' },
  { table: 'ssdbt', column: 'tip_cnd', target: 'segcon' },
  { table: 'ramlig', column: 'tip_cnd', target: 'segcon' },
  { table: 'eqtrd', column: 'uni_tr_mt', target: 'untrd' },
  { table: 'eqtrd', column: 'uni_tr_d', target: 'untrd' },
  { table: 'ssdbt', column: 'uni_tr_mt', target: 'untrd' },
  { table: 'ucbt_tab', column: 'uni_tr_mt', target: 'untrd' },
  { table: 'eqse', column: 'un_se', target: 'unsemt' },
  { table: 'eqre', column: 'un_re', target: 'unremt' },
  { table: 'eqcr', column: 'un_cr', target: 'uncrmt' },
  { table: 'ucbt_tab', column: 'tip_cc', target: 'crvcrg' },
  { table: 'ucmt_tab', column: 'tip_cc', target: 'crvcrg' },
  { table: 'pip', column: 'tip_cc', target: 'crvcrg' },
];

const NULL_REFERENCE = `NOT IN ('0')`;

const pgLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * The SQL checks come in two independent halves that can run on two connections at once:
 * `references` (PAC, foreign references, CTMT) and `values` (duplicates, geometries, codes).
 */
export type DefectPart = 'references' | 'values';

export async function findDefects(
  client: pg.ClientBase,
  workSchema: string,
  parts: readonly DefectPart[] = ['references', 'values'],
): Promise<Defect[]> {
  const references = parts.includes('references');
  const values = parts.includes('values');
  const columns = new Map<string, Set<string>>();
  for (const layer of LAYERS) {
    columns.set(
      layer.table,
      new Set((await tableColumns(client, workSchema, layer.table)).map((c) => c.name)),
    );
  }
  const has = (table: string, column: string) => columns.get(table)?.has(column) ?? false;
  const t = (table: string) => `${q(workSchema)}.${q(table)}`;
  const defects: Defect[] = [];

  async function collect(
    sql: string,
    meta: Omit<Defect, 'quantidade' | 'exemplos'>,
    params: unknown[] = [],
  ): Promise<void> {
    const result = await client.query<{ quantidade: string; exemplos: unknown[] | null }>(
      `WITH d AS (${sql}) SELECT count(*) AS quantidade,
              (SELECT jsonb_agg(e) FROM (SELECT to_jsonb(d) AS e FROM d LIMIT ${EXAMPLES}) x) AS exemplos FROM d`,
      params,
    );
    const row = result.rows[0];
    const quantidade = Number(row?.quantidade ?? 0);
    if (quantidade > 0) defects.push({ ...meta, quantidade, exemplos: row?.exemplos ?? [] });
  }

  // Network nodes: every PAC used by a branch end.
  const nodeSources = BRANCH_TABLES.filter((b) => has(b, 'pac_1') && has(b, 'pac_2')).map(
    (b) => `SELECT pac_1 AS pac FROM ${t(b)} UNION SELECT pac_2 FROM ${t(b)}`,
  );
  if (references && nodeSources.length > 0) {
    await client.query('DROP TABLE IF EXISTS pg_temp.nos_rede');
    await client.query(`CREATE TEMP TABLE nos_rede AS ${nodeSources.join(' UNION ')}`);
    await client.query('CREATE INDEX ON nos_rede (pac)');
    for (const { table, column } of ATTACHED_PAC) {
      if (!has(table, column)) continue;
      const idColumn = has(table, 'cod_id') ? 'cod_id' : 'id';
      await collect(
        `SELECT x.id, x.${q(idColumn)} AS cod_id, x.${q(column)} AS pac FROM ${t(table)} x
          WHERE x.${q(column)} IS NOT NULL AND x.${q(column)} ${NULL_REFERENCE}
            AND NOT EXISTS (SELECT 1 FROM nos_rede n WHERE n.pac = x.${q(column)})`,
        {
          tipo: 'pac_inexistente',
          camada: table,
          campo: column.toUpperCase(),
          descricao: `${column.toUpperCase()} não é nó de nenhum segmento, chave ou transformador`,
        },
      );
    }
    await client.query('DROP TABLE IF EXISTS nos_rede');
  }

  for (const ref of references ? REFERENCES : []) {
    if (!has(ref.table, ref.column) || !has(ref.target, 'cod_id')) continue;
    await collect(
      `SELECT x.id, x.${q(ref.column)} AS referencia FROM ${t(ref.table)} x
        WHERE x.${q(ref.column)} IS NOT NULL AND x.${q(ref.column)} ${NULL_REFERENCE}
          AND NOT EXISTS (SELECT 1 FROM ${t(ref.target)} y WHERE y.cod_id = x.${q(ref.column)})`,
      {
        tipo: 'referencia_inexistente',
        camada: ref.table,
        campo: ref.column.toUpperCase(),
        descricao: `${ref.column.toUpperCase()} aponta para um COD_ID que não existe em ${ref.target.toUpperCase()}`,
      },
    );
  }

  for (const layer of LAYERS) {
    const codId = has(layer.table, 'cod_id') ? 'x.cod_id' : 'NULL::text AS cod_id';
    if (references && layer.table !== 'ctmt' && has(layer.table, 'ctmt') && has('ctmt', 'cod_id')) {
      await collect(
        `SELECT x.id, ${codId}, x.ctmt FROM ${t(layer.table)} x
          WHERE x.ctmt IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${t('ctmt')} c WHERE c.cod_id = x.ctmt)`,
        {
          tipo: 'ctmt_inexistente',
          camada: layer.table,
          campo: 'CTMT',
          descricao: 'CTMT não existe na tabela de circuitos de média tensão',
        },
      );
    }
    // CRVCRG holds one row per COD_ID and day type (TIP_DIA): its key is the pair, not COD_ID alone.
    if (values && has(layer.table, 'cod_id') && layer.table !== 'crvcrg') {
      await collect(
        `SELECT cod_id, count(*) AS ocorrencias, min(id) AS primeiro_id, max(id) AS ultimo_id FROM ${t(layer.table)}
          WHERE cod_id IS NOT NULL GROUP BY cod_id HAVING count(*) > 1`,
        {
          tipo: 'identificador_duplicado',
          camada: layer.table,
          campo: 'COD_ID',
          descricao: layer.table.startsWith('uc')
            ? 'COD_ID repetido (em UC*_tab é comum: a unidade aparece uma vez por situação no ano)'
            : 'COD_ID repetido em mais de um registro',
        },
      );
    }
    if (values && layer.geometry && has(layer.table, 'geom')) {
      await collect(
        `SELECT x.id, ${codId} FROM ${t(layer.table)} x WHERE x.geom IS NULL OR ST_IsEmpty(x.geom)`,
        { tipo: 'geometria_vazia', camada: layer.table, campo: null, descricao: 'registro sem geometria' },
      );
      await collect(
        `SELECT x.id, ${codId}, ST_IsValidReason(x.geom) AS motivo FROM ${t(layer.table)} x
          WHERE x.geom IS NOT NULL AND NOT ST_IsEmpty(x.geom) AND NOT ST_IsValid(x.geom)`,
        {
          tipo: 'geometria_invalida',
          camada: layer.table,
          campo: null,
          descricao: 'geometria inválida (OGC)',
        },
      );
    }
  }

  // Codes: one scan per table for all its coded columns, then a lookup of the distinct values.
  const codedByTable = new Map<string, Array<{ column: string; domain: string }>>();
  for (const field of values ? CODED_FIELDS : []) {
    for (const table of field.tables) {
      if (!has(table, field.column)) continue;
      const list = codedByTable.get(table) ?? [];
      list.push({ column: field.column, domain: field.domain });
      codedByTable.set(table, list);
    }
  }
  for (const [table, fields] of codedByTable) {
    const values = fields.map(
      (f) => `(${pgLiteral(f.column)}, ${pgLiteral(f.domain)}, x.${q(f.column)}::text)`,
    );
    const { rows } = await client.query<{
      campo: string;
      dominio: string;
      codigo: string;
      ocorrencias: string;
    }>(
      `WITH used AS (
         SELECT f.campo, f.dominio, btrim(f.valor) AS codigo, count(*) AS ocorrencias
           FROM ${t(table)} x CROSS JOIN LATERAL (VALUES ${values.join(', ')}) f(campo, dominio, valor)
          WHERE f.valor IS NOT NULL
          GROUP BY 1, 2, 3)
       SELECT u.* FROM used u
        WHERE NOT EXISTS (SELECT 1 FROM public.dominio_aneel d WHERE d.tabela = u.dominio AND d.codigo = u.codigo)
        ORDER BY u.campo, u.ocorrencias DESC`,
    );
    for (const field of fields) {
      const unknown = rows.filter((r) => r.campo === field.column);
      if (unknown.length === 0) continue;
      defects.push({
        tipo: 'codigo_desconhecido',
        camada: table,
        campo: field.column.toUpperCase(),
        quantidade: unknown.length,
        descricao: `código ausente da tabela de domínio ${field.domain} da ANEEL`,
        exemplos: unknown
          .slice(0, EXAMPLES)
          .map((r) => ({ codigo: r.codigo, ocorrencias: Number(r.ocorrencias) })),
      });
    }
  }
  return defects;
}
