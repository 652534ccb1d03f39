import type { ReactNode } from 'react';
import type { BdgdImport } from '../api/client.ts';
import { describeImport } from '../domain/imports.ts';

export function Header({
  bdgdImport,
  children,
}: {
  bdgdImport: BdgdImport | undefined;
  children?: ReactNode;
}) {
  const description = bdgdImport ? describeImport(bdgdImport) : undefined;
  return (
    <header className="header">
      <div className="header-brand">
        <span className="header-icon" aria-hidden="true">
          ⚡
        </span>
        <span>Rede Elétrica</span>
      </div>
      {description && bdgdImport && (
        <div className="header-import" data-testid="import-header">
          <strong>{description.distributor}</strong>
          <span className="header-detail">
            {bdgdImport.descricao?.trim() || 'BDGD'}
            {description.baseDate && ` · data-base ${description.baseDate}`}
            {` · importado em ${description.importedAt}`}
          </span>
        </div>
      )}
      {children && <div className="header-live">{children}</div>}
    </header>
  );
}
