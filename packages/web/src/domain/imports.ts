// Human-readable names for an import, derived from the BDGD file name
// (`<Distribuidora>_<DIST>_<AAAA-12-31>_V11_<exportação>.gdb`).
import type { BdgdImport } from '../api/client.ts';

export interface ImportDescription {
  distributor: string;
  baseDate: string | null;
  importedAt: string;
}

const BDGD_NAME_PATTERN = /^(.+?)_(\d+)_(\d{4})-(\d{2})-(\d{2})_/;

export function describeImport(bdgdImport: BdgdImport): ImportDescription {
  const parts = BDGD_NAME_PATTERN.exec(bdgdImport.nome);
  const distributor = parts?.[1]?.replace(/_/g, ' ') ?? bdgdImport.nome.replace(/\.gdb$/i, '');
  const baseDate = parts ? `${parts[5]}/${parts[4]}/${parts[3]}` : null;
  const date = new Date(bdgdImport.importado_em);
  const importedAt = Number.isNaN(date.getTime())
    ? bdgdImport.importado_em
    : date.toLocaleString('pt-BR', { dateStyle: 'short', timeStyle: 'short' });
  return { distributor, baseDate, importedAt };
}

/** The import shown by default: the most recently imported one. */
export function latestImport(imports: BdgdImport[]): BdgdImport | undefined {
  return [...imports].sort((a, b) => Date.parse(b.importado_em) - Date.parse(a.importado_em))[0];
}
