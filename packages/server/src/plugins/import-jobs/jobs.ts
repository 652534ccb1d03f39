// Background BDGD import jobs: one at a time (a FIFO queue; the importer also holds an advisory lock),
// progress kept from the importer's events, cancellation through an AbortSignal (the database is only
// changed by the importer's final single-transaction swap). The uploaded temp file is removed when the
// job ends, whatever the outcome.
// Jobs are kept in `trabalhos_importacao` (migration 002 of @rede-eletrica/bdgd): each change of state
// or phase is written at once, layer progress at most every PROGRESS_SAVE_MS. The running process
// answers from memory (fresher progress); older jobs and those of a previous process come from the
// table. A job left queued or running by a process that stopped is marked failed at start-up (the
// importer publishes in one transaction, so nothing of it reached the live tables).
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  analyseTopologyDefects,
  BdgdFileError,
  createPool,
  ImportAbortedError,
  type ImportEvent,
  importBdgd,
} from '@rede-eletrica/bdgd';
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';

export type JobState = 'na_fila' | 'executando' | 'concluida' | 'falhou' | 'cancelada';

export type JobPhase = 'leitura' | 'particoes' | 'generalizacao' | 'defeitos' | 'publicacao';

export const PHASE_TEXT: Record<JobPhase, string> = {
  leitura: 'lendo as camadas do arquivo',
  particoes: 'montando partições e índices',
  generalizacao: 'generalizando a rede para zooms baixos',
  defeitos: 'verificando defeitos e a topologia (PAC)',
  publicacao: 'publicando a importação (transação única)',
};

const IMPORTER_PHASES: Record<Extract<ImportEvent, { kind: 'phase' }>['name'], JobPhase> = {
  partitions: 'particoes',
  generalization: 'generalizacao',
  defects: 'defeitos',
  swap: 'publicacao',
};

export interface LayerProgress {
  camada: string;
  tabela: string;
  feitas: number;
  total: number;
  concluida: boolean;
}

export interface JobResult {
  id_importado: number;
  nome: string;
  substituida: boolean;
  contagens: Record<string, number>;
  registros: number;
  n_defeitos: number;
  camadas_ignoradas: string[];
  duracao_s: number;
}

/** The JSON view of a job (`GET /importacoes/jobs/{id}`). */
export interface JobView {
  id: string;
  estado: JobState;
  arquivo: string;
  bytes: number;
  criado_em: string;
  iniciado_em: string | null;
  terminado_em: string | null;
  fase: JobPhase | null;
  fase_descricao: string | null;
  camadas: LayerProgress[];
  resultado: JobResult | null;
  erro: string | null;
}

interface Job {
  view: JobView;
  file: string;
  controller: AbortController;
  /** Writes of this job, in order. */
  saving: Promise<void>;
  lastProgressSave: number;
}

const FINISHED: ReadonlySet<JobState> = new Set(['concluida', 'falhou', 'cancelada']);
/** Finished jobs kept in memory (the table keeps all of them). */
const KEEP_FINISHED = 50;
/** Jobs listed by `GET /importacoes/jobs`. */
const LIST_LIMIT = 50;
const PROGRESS_SAVE_MS = 1000;

export const RESTART_MESSAGE =
  'o servidor foi reiniciado durante a importação; nada foi alterado no banco — envie o arquivo de novo';

/** A timestamp as the JSON of the jobs (`Date.toISOString()`: UTC, milliseconds, `Z`). */
const iso = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${column}`;

const COLUMNS = `id::text, estado, arquivo, bytes::float8 AS bytes, ${iso('criado_em')}, ${iso('iniciado_em')},
  ${iso('terminado_em')}, fase, camadas, resultado, erro`;

type JobRow = Omit<JobView, 'fase_descricao'>;

function fromRow(row: JobRow): JobView {
  return { ...row, fase_descricao: row.fase ? PHASE_TEXT[row.fase] : null };
}

export interface JobRunnerOptions {
  databaseUrl: string;
  /** Pool of the server's database, where jobs are kept. */
  pool: pg.Pool;
  log: FastifyBaseLogger;
  /** Called after an import is published (e.g. to let caches see the new generation). */
  onPublished?: () => void;
}

export class ImportJobs {
  readonly #jobs = new Map<string, Job>();
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(private readonly options: JobRunnerOptions) {}

  /**
   * Start-up: jobs a previous process left queued or running are marked failed (their temp files
   * removed).
   */
  async recover(): Promise<void> {
    const { rows } = await this.options.pool.query<{ arquivo_temporario: string | null }>(
      `UPDATE public.trabalhos_importacao
          SET estado = 'falhou', erro = $1, terminado_em = now(), fase = NULL
        WHERE estado IN ('na_fila', 'executando')
      RETURNING arquivo_temporario`,
      [RESTART_MESSAGE],
    );
    for (const { arquivo_temporario: file } of rows) {
      if (file) await rm(dirname(file), { recursive: true, force: true });
    }
  }

  /** Queues the import of `file` (a temp file owned by the job from now on, deleted when it ends). */
  async submit(file: string, arquivo: string, bytes: number): Promise<JobView> {
    if (this.#closed) throw new Error('o servidor está encerrando; importação não aceita');
    const job: Job = {
      file,
      controller: new AbortController(),
      saving: Promise.resolve(),
      lastProgressSave: 0,
      view: {
        id: randomUUID(),
        estado: 'na_fila',
        arquivo,
        bytes,
        criado_em: new Date().toISOString(),
        iniciado_em: null,
        terminado_em: null,
        fase: null,
        fase_descricao: null,
        camadas: [],
        resultado: null,
        erro: null,
      },
    };
    this.#jobs.set(job.view.id, job);
    await this.#save(job);
    this.#prune();
    this.#queue = this.#queue.then(() => this.#run(job));
    return job.view;
  }

  /** Recent jobs, newest first: this process's from memory, the others from the table. */
  async list(): Promise<JobView[]> {
    const { rows } = await this.options.pool.query<JobRow>(
      `SELECT ${COLUMNS} FROM public.trabalhos_importacao ORDER BY criado_em DESC LIMIT $1`,
      [LIST_LIMIT],
    );
    return rows.map((row) => this.#jobs.get(row.id)?.view ?? fromRow(row));
  }

  async get(id: string): Promise<JobView | undefined> {
    const job = this.#jobs.get(id);
    if (job) return job.view;
    const { rows } = await this.options.pool.query<JobRow>(
      `SELECT ${COLUMNS} FROM public.trabalhos_importacao WHERE id = $1`,
      [id],
    );
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  /** Whether a job is queued or running now. */
  busy(): boolean {
    return [...this.#jobs.values()].some((j) => !FINISHED.has(j.view.estado));
  }

  /** Requests cancellation of a job of this process; returns its view, or undefined when unknown. */
  cancel(id: string): JobView | undefined {
    const job = this.#jobs.get(id);
    if (!job) return undefined;
    if (!FINISHED.has(job.view.estado)) job.controller.abort();
    if (job.view.estado === 'na_fila')
      this.#finish(job, 'cancelada', 'importação cancelada antes de começar');
    return job.view;
  }

  /** Cancels everything and waits for the running job to stop and the last writes (server shutdown). */
  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#jobs.values()) this.cancel(job.view.id);
    await this.#queue;
    await Promise.all([...this.#jobs.values()].map((j) => j.saving));
  }

  async #run(job: Job): Promise<void> {
    if (FINISHED.has(job.view.estado)) return;
    const view = job.view;
    view.estado = 'executando';
    view.iniciado_em = new Date().toISOString();
    this.#setPhase(job, 'leitura');
    const pool = createPool(this.options.databaseUrl, 4);
    try {
      const result = await importBdgd({
        file: job.file,
        pool,
        databaseUrl: this.options.databaseUrl,
        signal: job.controller.signal,
        onEvent: (event) => this.#onEvent(job, event),
        extraChecks: [analyseTopologyDefects],
      });
      view.resultado = {
        id_importado: result.idImportado,
        nome: result.nome,
        substituida: result.replaced,
        contagens: result.counts,
        registros: result.features,
        n_defeitos: result.defects.length,
        camadas_ignoradas: result.ignoredLayers,
        duracao_s: result.durationS,
      };
      this.#finish(job, 'concluida', null);
      this.options.onPublished?.();
    } catch (err) {
      if (err instanceof ImportAbortedError || job.controller.signal.aborted) {
        this.#finish(job, 'cancelada', new ImportAbortedError().message);
      } else if (err instanceof BdgdFileError) {
        this.#finish(job, 'falhou', this.#userMessage(job, (err as Error).message));
      } else {
        this.options.log.error({ err, job: view.id }, 'importação falhou');
        this.#finish(
          job,
          'falhou',
          `falha na importação: ${this.#userMessage(job, (err as Error).message ?? String(err))}`,
        );
      }
    } finally {
      await pool.end().catch(() => undefined);
    }
  }

  /** Error text without the server's temp path (the operator knows the file by its name). */
  #userMessage(job: Job, message: string): string {
    return message.replaceAll(`/vsizip/${job.file}`, job.view.arquivo).replaceAll(job.file, job.view.arquivo);
  }

  #onEvent(job: Job, event: ImportEvent): void {
    const view = job.view;
    switch (event.kind) {
      case 'inspected':
        view.camadas = event.layers.map((l) => ({
          camada: l.name,
          tabela: '',
          feitas: 0,
          total: l.featureCount,
          concluida: false,
        }));
        break;
      case 'layer-progress':
      case 'layer-staged': {
        let layer = view.camadas.find((l) => l.camada === event.layer);
        if (!layer) {
          layer = { camada: event.layer, tabela: event.table, feitas: 0, total: 0, concluida: false };
          view.camadas.push(layer);
        }
        layer.tabela = event.table;
        if (event.kind === 'layer-progress') {
          layer.feitas = event.done;
          layer.total = event.total;
        } else {
          layer.feitas = event.rows;
          layer.total = Math.max(layer.total, event.rows);
          layer.concluida = true;
        }
        if (Date.now() - job.lastProgressSave >= PROGRESS_SAVE_MS) this.#save(job);
        break;
      }
      case 'staged':
        break;
      case 'phase':
        this.#setPhase(job, IMPORTER_PHASES[event.name]);
        break;
    }
  }

  #setPhase(job: Job, phase: JobPhase): void {
    job.view.fase = phase;
    job.view.fase_descricao = PHASE_TEXT[phase];
    this.#save(job);
  }

  /** Queues a write of the job as it is now (writes of one job stay in order; a failure is only logged). */
  #save(job: Job): Promise<void> {
    job.lastProgressSave = Date.now();
    const v = job.view;
    const params = [
      v.id,
      v.estado,
      v.arquivo,
      v.bytes,
      v.criado_em,
      v.iniciado_em,
      v.terminado_em,
      v.fase,
      JSON.stringify(v.camadas),
      v.resultado === null ? null : JSON.stringify(v.resultado),
      v.erro,
      FINISHED.has(v.estado) ? null : job.file,
    ];
    job.saving = job.saving
      .then(async () => {
        await this.options.pool.query(
          `INSERT INTO public.trabalhos_importacao
             (id, estado, arquivo, bytes, criado_em, iniciado_em, terminado_em, fase, camadas, resultado, erro,
              arquivo_temporario)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
           ON CONFLICT (id) DO UPDATE SET estado = EXCLUDED.estado, iniciado_em = EXCLUDED.iniciado_em,
             terminado_em = EXCLUDED.terminado_em, fase = EXCLUDED.fase, camadas = EXCLUDED.camadas,
             resultado = EXCLUDED.resultado, erro = EXCLUDED.erro,
             arquivo_temporario = EXCLUDED.arquivo_temporario`,
          params,
        );
      })
      .catch((err) =>
        this.options.log.warn({ err, job: v.id }, 'não foi possível gravar o trabalho de importação'),
      );
    return job.saving;
  }

  #finish(job: Job, estado: JobState, erro: string | null): void {
    job.view.estado = estado;
    job.view.erro = erro;
    job.view.terminado_em = new Date().toISOString();
    this.#save(job);
    rm(dirname(job.file), { recursive: true, force: true }).catch((err) =>
      this.options.log.warn({ err, file: job.file }, 'não foi possível remover o arquivo temporário'),
    );
  }

  #prune(): void {
    const finished = [...this.#jobs.values()].filter((j) => FINISHED.has(j.view.estado));
    for (const job of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) {
      this.#jobs.delete(job.view.id);
    }
  }
}
