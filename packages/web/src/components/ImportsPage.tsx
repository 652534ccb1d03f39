// Imports page (over the map): upload a BDGD (.gdb.zip) and follow its import job (`POST /importacoes`,
// `GET /importacoes/jobs/{id}`), the BDGD imports, and the defect report of the chosen one
// (`GET /importacoes/{id}/defeitos`).
import { useEffect, useRef, useState } from 'react';
import {
  type BdgdImport,
  cancelImportJob,
  fetchImportDefects,
  fetchImportJob,
  type ImportDefect,
  type ImportJob,
  uploadBdgd,
} from '../api/client.ts';
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

type Upload =
  | { status: 'idle' }
  | { status: 'sending'; fraction: number }
  | { status: 'job'; job: ImportJob }
  | { status: 'failed'; error: string };

const JOB_STATE_TEXT: Record<ImportJob['estado'], string> = {
  na_fila: 'na fila',
  executando: 'em execução',
  concluida: 'concluída',
  falhou: 'falhou',
  cancelada: 'cancelada',
};

const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;

/** File input + "Importar": uploads with progress, then polls the job until it ends. */
function ImportUpload({ onDone }: { onDone: (idImportado: number) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [upload, setUpload] = useState<Upload>({ status: 'idle' });
  const controller = useRef<AbortController | null>(null);
  const onDoneRef = useRef(onDone);
  onDoneRef.current = onDone;
  const jobId = upload.status === 'job' ? upload.job.id : null;
  const running = upload.status === 'sending' || (upload.status === 'job' && !finished(upload.job));

  useEffect(() => () => controller.current?.abort(), []);

  // Polls the job while it runs.
  useEffect(() => {
    if (jobId === null) return;
    const poll = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = () => {
      fetchImportJob(jobId, poll.signal)
        .then((job) => {
          setUpload({ status: 'job', job });
          if (!finished(job)) timer = setTimeout(tick, 700);
          else if (job.estado === 'concluida' && job.resultado) onDoneRef.current(job.resultado.id_importado);
        })
        .catch((err: Error) => {
          if (err.name !== 'AbortError') setUpload({ status: 'failed', error: err.message });
        });
    };
    timer = setTimeout(tick, 300);
    return () => {
      poll.abort();
      clearTimeout(timer);
    };
  }, [jobId]);

  const start = () => {
    if (!file) return;
    const c = new AbortController();
    controller.current = c;
    setUpload({ status: 'sending', fraction: 0 });
    uploadBdgd(file, (fraction) => setUpload({ status: 'sending', fraction }), c.signal)
      .then((id) => fetchImportJob(id, c.signal))
      .then((job) => setUpload({ status: 'job', job }))
      .catch((err: Error) => {
        setUpload(
          err.name === 'AbortError'
            ? { status: 'failed', error: 'Envio cancelado; nada foi importado.' }
            : { status: 'failed', error: err.message },
        );
      });
  };

  const cancel = () => {
    if (upload.status === 'sending') controller.current?.abort();
    else if (upload.status === 'job') {
      cancelImportJob(upload.job.id).catch((err: Error) =>
        setUpload({ status: 'failed', error: err.message }),
      );
    }
  };

  return (
    <div className="import-upload" data-testid="import-upload">
      <div className="import-upload-row">
        <input
          type="file"
          accept=".zip,application/zip"
          aria-label="Arquivo BDGD (.gdb.zip)"
          disabled={running}
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
        />
        <button type="button" onClick={start} disabled={!file || running}>
          Importar
        </button>
        {running && (
          <button type="button" onClick={cancel}>
            Cancelar
          </button>
        )}
      </div>
      {upload.status === 'sending' && (
        <p className="small">
          Enviando o arquivo… {percent(upload.fraction)}{' '}
          <progress max={1} value={upload.fraction} aria-label="Envio do arquivo" />
        </p>
      )}
      {upload.status === 'failed' && <p className="inline-error">{upload.error}</p>}
      {upload.status === 'job' && <JobProgress job={upload.job} />}
    </div>
  );
}

function finished(job: ImportJob): boolean {
  return job.estado === 'concluida' || job.estado === 'falhou' || job.estado === 'cancelada';
}

function JobProgress({ job }: { job: ImportJob }) {
  const active = job.estado === 'executando';
  return (
    <div className="import-job" data-testid="import-job" aria-live="polite">
      <p className="small">
        <strong>{job.arquivo}</strong> · importação {JOB_STATE_TEXT[job.estado]}
        {active && job.fase_descricao && ` · ${job.fase_descricao}`}
      </p>
      {job.estado === 'falhou' && <p className="inline-error">{job.erro}</p>}
      {job.estado === 'cancelada' && <p className="muted small">{job.erro}</p>}
      {job.estado === 'concluida' && job.resultado && (
        <p className="small">
          Importação {job.resultado.id_importado} {job.resultado.substituida ? 'substituída' : 'criada'}:{' '}
          {job.resultado.registros.toLocaleString('pt-BR')} registros em{' '}
          {job.resultado.duracao_s.toLocaleString('pt-BR', { maximumFractionDigits: 1 })} s ·{' '}
          {job.resultado.n_defeitos === 0
            ? 'nenhum defeito'
            : `${job.resultado.n_defeitos.toLocaleString('pt-BR')} tipo(s) de defeito`}
        </p>
      )}
      {active && job.camadas.length > 0 && (
        <table className="compact-table" data-testid="import-layers">
          <thead>
            <tr>
              <th>Camada</th>
              <th>Lidas</th>
              <th>Progresso</th>
            </tr>
          </thead>
          <tbody>
            {job.camadas.map((l) => (
              <tr key={l.camada}>
                <td>{l.camada}</td>
                <td>
                  {l.feitas.toLocaleString('pt-BR')}/{l.total.toLocaleString('pt-BR')}
                </td>
                <td>
                  <progress
                    max={Math.max(1, l.total)}
                    value={l.concluida ? Math.max(1, l.total) : l.feitas}
                    aria-label={`Progresso de ${l.camada}`}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function ImportsPage({
  imports,
  onClose,
  onImported,
}: {
  imports: BdgdImport[];
  onClose: () => void;
  /** Called when an uploaded file has been imported (the caller reloads the list). */
  onImported?: () => void;
}) {
  const sorted = [...imports].sort((a, b) => b.importado_em.localeCompare(a.importado_em));
  const [chosen, setChosen] = useState<number | null>(sorted[0]?.id_importado ?? null);
  const [report, setReport] = useState<Report>({ status: 'loading' });
  // Bumped after an import so that the report is read again even when the id is the same (replaced).
  const [reportVersion, setReportVersion] = useState(0);

  const imported = (idImportado: number) => {
    onImported?.();
    setChosen(idImportado);
    setReportVersion((n) => n + 1);
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: `reportVersion` only re-triggers the request.
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
  }, [chosen, reportVersion]);

  return (
    <section className="imports-page" data-testid="imports-page" aria-labelledby="imports-title">
      <div className="panel-title-row">
        <h2 id="imports-title">Importações da BDGD</h2>
        <button type="button" className="button-icon" onClick={onClose} aria-label="Fechar importações">
          ×
        </button>
      </div>
      <ImportUpload onDone={imported} />
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
