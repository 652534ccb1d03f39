// ANEEL code tables as the database holds them (`dominio_aneel`), for decoding coded BDGD fields.
import { CODED_FIELDS } from '@rede-eletrica/bdgd';
import type pg from 'pg';
import { type ImportGeneration, PerGeneration } from './generation.ts';

export interface CodeValue {
  descricao: string | null;
  valor: number | null;
}

export class CodeDecoder {
  constructor(private readonly tables: ReadonlyMap<string, ReadonlyMap<string, CodeValue>>) {}

  lookup(domain: string, code: unknown): CodeValue | undefined {
    if (code === null || code === undefined) return undefined;
    return this.tables.get(domain)?.get(String(code).trim());
  }

  /** Description of a code, falling back to the physical value (e.g. TTEN 49 → "13800"). */
  describe(domain: string, code: unknown): string | null {
    const entry = this.lookup(domain, code);
    if (!entry) return null;
    return entry.descricao ?? (entry.valor !== null ? String(entry.valor) : null);
  }

  /** `{ CAMPO: 'descrição' }` for every coded field of a record of `table` (columns in lower case). */
  decodeRecord(table: string, record: Record<string, unknown>): Record<string, string> {
    const decoded: Record<string, string> = {};
    for (const field of CODED_FIELDS) {
      if (!field.tables.includes(table) || !(field.column in record)) continue;
      const text = this.describe(field.domain, record[field.column]);
      if (text !== null) decoded[field.column.toUpperCase()] = text;
    }
    return decoded;
  }
}

export function codeCatalog(pool: pg.Pool, generation: ImportGeneration): PerGeneration<CodeDecoder> {
  return new PerGeneration(generation, async () => {
    const result = await pool.query<{
      tabela: string;
      codigo: string;
      descricao: string | null;
      valor: number | null;
    }>('SELECT tabela, codigo, descricao, valor FROM public.dominio_aneel');
    const tables = new Map<string, Map<string, CodeValue>>();
    for (const row of result.rows) {
      let table = tables.get(row.tabela);
      if (!table) {
        table = new Map();
        tables.set(row.tabela, table);
      }
      table.set(row.codigo, { descricao: row.descricao, valor: row.valor });
    }
    return new CodeDecoder(tables);
  });
}
