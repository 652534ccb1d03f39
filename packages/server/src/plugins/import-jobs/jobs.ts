// Background BDGD import jobs: one at a time (a FIFO queue; the importer also holds an advisory lock),
// progress kept from the importer's events, cancellation through an AbortSignal (the database is only
// changed by the importer's final single-transaction swap). The uploaded temp file is removed when the
// job ends, whatever the outcome.
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
}

const FINISHED: ReadonlySet<JobState> = new Set(['concluida', 'falhou', 'cancelada']);
/** Finished jobs kept in memory for `GET /importacoes/jobs/{id}`. */
const KEEP_FINISHED = 50;

export interface JobRunnerOptions {
  databaseUrl: string;
  log: FastifyBaseLogger;
  /** Called after an import is published (e.g. to let caches see the new generation). */
  onPublished?: () => void;
}

export class ImportJobs {
  readonly #jobs = new Map<string, Job>();
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(private readonly options: JobRunnerOptions) {}

  /** Queues the import of `file` (a temp file owned by the job from now on, deleted when it ends). */
  submit(file: string, arquivo: string, bytes: number): JobView {
    if (this.#closed) throw new Error('o servidor está encerrando; importação não aceita');
    const job: Job = {
      file,
      controller: new AbortController(),
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
    this.#prune();
    this.#queue = this.#queue.then(() => this.#run(job));
    return job.view;
  }

  /** Recent jobs, newest first. */
  list(): JobView[] {
    return [...this.#jobs.values()].map((j) => j.view).reverse();
  }

  get(id: string): JobView | undefined {
    return this.#jobs.get(id)?.view;
  }

  /** Whether a job is queued or running now. */
  busy(): boolean {
    return [...this.#jobs.values()].some((j) => !FINISHED.has(j.view.estado));
  }

  /** Requests cancellation; returns the job's view, or undefined when unknown. */
  cancel(id: string): JobView | undefined {
    const job = this.#jobs.get(id);
    if (!job) return undefined;
    if (!FINISHED.has(job.view.estado)) job.controller.abort();
    if (job.view.estado === 'na_fila')
      this.#finish(job, 'cancelada', 'importação cancelada antes de começar');
    return job.view;
  }

  /** Cancels everything and waits for the running job to stop (server shutdown). */
  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#jobs.values()) this.cancel(job.view.id);
    await this.#queue;
  }

  async #run(job: Job): Promise<void> {
    if (FINISHED.has(job.view.estado)) return;
    const view = job.view;
    view.estado = 'executando';
    view.iniciado_em = new Date().toISOString();
    this.#setPhase(view, 'leitura');
    const pool = createPool(this.options.databaseUrl, 4);
    try {
      const result = await importBdgd({
        file: job.file,
        pool,
        databaseUrl: this.options.databaseUrl,
        signal: job.controller.signal,
        onEvent: (event) => this.#onEvent(view, event),
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

  #onEvent(view: JobView, event: ImportEvent): void {
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
        break;
      }
      case 'staged':
        break;
      case 'phase':
        this.#setPhase(view, IMPORTER_PHASES[event.name]);
        break;
    }
  }

  #setPhase(view: JobView, phase: JobPhase): void {
    view.fase = phase;
    view.fase_descricao = PHASE_TEXT[phase];
  }

  #finish(job: Job, estado: JobState, erro: string | null): void {
    job.view.estado = estado;
    job.view.erro = erro;
    job.view.terminado_em = new Date().toISOString();
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
