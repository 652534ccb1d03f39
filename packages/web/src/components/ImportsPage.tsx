// Imports page (over the map): the BDGD imports and the defect report of the chosen one
// (`GET /importacoes/{id}/defeitos`). Uploading a file from the console needs a server upload
// endpoint that does not exist yet: the page says how to import from the command line.
import { useEffect, useState } from 'react';
import { type BdgdImport, fetchImportDefects, type ImportDefect } from '../api/client.ts';
import { describeImport } from '../domain/imports.ts';

type Report =
  | { status: 'loading' }
  | { status: 'failed'; error: string }
  | { status: 'ready'; total: number; defeitos: ImportDefect[] };

function examples(value: unknown): string {
  if (!Array.isArray(value)) return value == null ? '' : String(value);
  // Examples are records: show their code (or id) only; the full record is in the API.
  const shown = value.slice(0, 3).map((v) => {
    if (v === null || typeof v !== 'object') return String(v);
    const r = v as Record<string, unknown>;
    const code = r.cod_id ?? r.COD_ID ?? r.id ?? r.referencia;
    return code === undefined ? JSON.stringify(v).slice(0, 60) : String(code);
  });
  return shown.join(', ') + (value.length > 3 ? '…' : '');
}

export function ImportsPage({ imports, onClose }: { imports: BdgdImport[]; onClose: () => void }) {
  const sorted = [...imports].sort((a, b) => b.importado_em.localeCompare(a.importado_em));
  const [chosen, setChosen] = useState<number | null>(sorted[0]?.id_importado ?? null);
  const [report, setReport] = useState<Report>({ status: 'loading' });

  useEffect(() => {
    if (chosen === null) return;
    const controller = new AbortController();
    setReport({ status: 'loading' });
    fetchImportDefects(chosen, controller.signal)
      .then((r) => setReport({ status: 'ready', total: r.total, defeitos: r.defeitos }))
      .catch((err: Error) => {
        if (err.name !== 'AbortError') setReport({ status: 'failed', error: err.message });
      });
    return () => controller.abort();
  }, [chosen]);

  return (
    <section className="imports-page" data-testid="imports-page" aria-labelledby="imports-title">
      <div className="panel-title-row">
        <h2 id="imports-title">Importações da BDGD</h2>
        <button type="button" className="button-icon" onClick={onClose} aria-label="Fechar importações">
          ×
        </button>
      </div>
      <p className="muted small">
        O envio de arquivos pelo console ainda não está disponível (o servidor não tem rota de upload). Para
        importar: <code>npm run import -- &lt;arquivo.gdb.zip&gt;</code>
      </p>
      <ul className="import-list">
        {sorted.map((imp) => {
          const d = describeImport(imp);
          const total = Object.values(imp.contagens ?? {}).reduce((a, b) => a + b, 0);
          return (
            <li key={imp.id_importado}>
              <button
                type="button"
                className={`import-item ${chosen === imp.id_importado ? 'selected' : ''}`}
                aria-pressed={chosen === imp.id_importado}
                onClick={() => setChosen(imp.id_importado)}
              >
                <span>
                  <strong>{d.distributor}</strong> · {imp.descricao?.trim() || 'BDGD'}
                  {d.baseDate && ` · data-base ${d.baseDate}`}
                </span>
                <span className="muted small">
                  Importado em {d.importedAt} · {total.toLocaleString('pt-BR')} registros
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      <h3>Relatório de defeitos</h3>
      {report.status === 'loading' && <p className="muted">Carregando…</p>}
      {report.status === 'failed' && <p className="inline-error">{report.error}</p>}
      {report.status === 'ready' &&
        (report.defeitos.length === 0 ? (
          <p className="muted">Nenhum defeito encontrado nesta importação.</p>
        ) : (
          <table className="compact-table" data-testid="defects">
            <thead>
              <tr>
                <th>Tipo</th>
                <th>Camada</th>
                <th>Campo</th>
                <th>Ocorrências</th>
                <th>Descrição</th>
                <th>Exemplos</th>
              </tr>
            </thead>
            <tbody>
              {report.defeitos.map((d) => (
                <tr key={`${d.tipo}-${d.camada}-${d.campo}`}>
                  <td>{d.tipo.replace(/_/g, ' ')}</td>
                  <td>{d.camada?.toUpperCase() ?? '—'}</td>
                  <td>{d.campo ?? '—'}</td>
                  <td>{d.quantidade.toLocaleString('pt-BR')}</td>
                  <td>{d.descricao}</td>
                  <td className="examples">{examples(d.exemplos)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
