// Human-readable names for an import, derived from the BDGD file name
// (`<Distribuidora>_<DIST>_<AAAA-12-31>_V11_<exportação>.gdb`).
import type { Importacao } from '../api/client.ts';

export interface DescricaoDaImportacao {
  distribuidora: string;
  dataBase: string | null;
  importadoEm: string;
}

const PADRAO_NOME_BDGD = /^(.+?)_(\d+)_(\d{4})-(\d{2})-(\d{2})_/;

export function descreverImportacao(importacao: Importacao): DescricaoDaImportacao {
  const partes = PADRAO_NOME_BDGD.exec(importacao.nome);
  const distribuidora = partes?.[1]?.replace(/_/g, ' ') ?? importacao.nome.replace(/\.gdb$/i, '');
  const dataBase = partes ? `${partes[5]}/${partes[4]}/${partes[3]}` : null;
  const data = new Date(importacao.importado_em);
  const importadoEm = Number.isNaN(data.getTime())
    ? importacao.importado_em
    : data.toLocaleString('pt-BR', { dateStyle: 'short', timeStyle: 'short' });
  return { distribuidora, dataBase, importadoEm };
}

/** The import shown by default: the most recently imported one. */
export function importacaoMaisRecente(importacoes: Importacao[]): Importacao | undefined {
  return [...importacoes].sort((a, b) => Date.parse(b.importado_em) - Date.parse(a.importado_em))[0];
}
