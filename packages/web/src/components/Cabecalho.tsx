import type { Importacao } from '../api/client.ts';
import { descreverImportacao } from '../domain/importacao.ts';

export function Cabecalho({ importacao }: { importacao: Importacao | undefined }) {
  const descricao = importacao ? descreverImportacao(importacao) : undefined;
  return (
    <header className="cabecalho">
      <div className="cabecalho-marca">
        <span className="cabecalho-icone" aria-hidden="true">
          ⚡
        </span>
        <span>Rede Elétrica</span>
      </div>
      {descricao && importacao && (
        <div className="cabecalho-importacao" data-testid="cabecalho-importacao">
          <strong>{descricao.distribuidora}</strong>
          <span className="cabecalho-detalhe">
            {importacao.descricao?.trim() || 'BDGD'}
            {descricao.dataBase && ` · data-base ${descricao.dataBase}`}
            {` · importado em ${descricao.importadoEm}`}
          </span>
        </div>
      )}
    </header>
  );
}
