// Imports one BDGD file geodatabase into PostGIS, atomically:
//   read (GDAL) → stage (COPY into a private work schema) → build each layer's new partition
//   → find defects → swap the partitions in one short transaction → clean up.
// Readers see either the previous import or the new one, never a half. Interrupting (AbortSignal,
// Ctrl-C in the CLI) before the swap drops the work schema and leaves the database as it was.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import type pg from 'pg';
import { LAYERS, type LayerEntry, layerForSourceName, REQUIRED_TABLES, TABLE_ALIASES } from '../catalogue.ts';
import { migrate } from '../db/migrate.ts';
import { BdgdFileError, gdalPath, inspectGeodatabase, type SourceLayer } from '../gdal/inspect.ts';
import { stageLayers, stagingTableName } from '../gdal/stage.ts';
import { balance } from './balance.ts';
import { buildPartition, stagedColumns, widenParent } from './build-partition.ts';
import { q } from './columns.ts';
import { watchCopyProgress } from './copy-progress.ts';
import { type Defect, findDefects } from './defects.ts';
import { buildGeneralizedNetwork } from './generalize.ts';

export type ImportEvent =
  | { kind: 'inspected'; layers: SourceLayer[] }
  | { kind: 'layer-progress'; layer: string; table: string; done: number; total: number; elapsedMs: number }
  | { kind: 'layer-staged'; layer: string; table: string; rows: number; elapsedMs: number }
  | { kind: 'staged'; rows: number; elapsedMs: number }
  | {
      kind: 'phase';
      name: 'partitions' | 'generalization' | 'defects' | 'swap';
      detail?: string;
    };

export interface ImportOptions {
  file: string;
  pool: pg.Pool;
  databaseUrl: string;
  signal?: AbortSignal;
  onEvent?: (event: ImportEvent) => void;
  /** Extra defect finders run on the new tables before the swap (e.g. topology analysis). */
  extraChecks?: Array<(client: pg.ClientBase, workSchema: string, idImportado: number) => Promise<Defect[]>>;
}

export interface ImportResult {
  idImportado: number;
  nome: string;
  replaced: boolean;
  counts: Record<string, number>;
  sourceCounts: Record<string, number>;
  ignoredLayers: string[];
  defects: Defect[];
  durationS: number;
  features: number;
}

export class ImportAbortedError extends Error {
  constructor() {
    super('importação interrompida; o banco de dados não foi alterado');
    this.name = 'ImportAbortedError';
  }
}

const IMPORT_LOCK = 7_270_002;

/** Name under which an import is known: the file name without `.zip`; re-importing it replaces it. */
export function importName(file: string): string {
  return basename(file.replace(/[\\/]+$/, '')).replace(/\.zip$/i, '');
}

async function sha256(file: string): Promise<string | null> {
  if (statSync(file).isDirectory()) return null;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function checkRequired(found: Map<string, SourceLayer>): void {
  const missing = REQUIRED_TABLES.filter((req) =>
    typeof req === 'string' ? !found.has(req) : !req.some((r) => found.has(r)),
  ).map((req) => {
    const names = (typeof req === 'string' ? [req] : req).flatMap(
      (table) => LAYERS.find((l) => l.table === table)?.sourceNames ?? [table],
    );
    return names.join(' ou ');
  });
  if (missing.length > 0) {
    throw new BdgdFileError(`O arquivo não é um BDGD completo: faltam as camadas ${missing.join(', ')}`);
  }
}

export async function importBdgd(options: ImportOptions): Promise<ImportResult> {
  const started = performance.now();
  const { pool, signal } = options;
  const emit = options.onEvent ?? (() => undefined);
  const throwIfAborted = () => {
    if (signal?.aborted) throw new ImportAbortedError();
  };

  const source = gdalPath(options.file);
  const sourceLayers = await inspectGeodatabase(source);
  emit({ kind: 'inspected', layers: sourceLayers });
  const byTable = new Map<string, SourceLayer>();
  const ignoredLayers: string[] = [];
  for (const layer of sourceLayers) {
    const entry = layerForSourceName(layer.name);
    if (!entry) ignoredLayers.push(layer.name);
    else if (!byTable.has(entry.table)) byTable.set(entry.table, layer);
    else ignoredLayers.push(layer.name);
  }
  checkRequired(byTable);
  const nome = importName(options.file);
  const fileHash = await sha256(options.file);
  throwIfAborted();

  await migrate(pool);
  const client = await pool.connect();
  const workSchema = `importacao_${randomBytes(6).toString('hex')}`;
  // GDAL names staging tables after the layers (ssdmt, untrmt…), so they live apart from the new partitions.
  const stagingSchema = `${workSchema}_origem`;
  let committed = false;
  try {
    const locked = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
      IMPORT_LOCK,
    ]);
    if (!locked.rows[0]?.ok)
      throw new Error('outra importação está em andamento neste banco; aguarde o término');
    await dropStaleWorkSchemas(client);
    await client.query(`CREATE SCHEMA ${q(workSchema)}`);
    await client.query(`CREATE SCHEMA ${q(stagingSchema)}`);

    const existing = await client.query<{ id_importado: number }>(
      'SELECT id_importado FROM public.importados WHERE nome = $1',
      [nome],
    );
    const replaced = existing.rowCount === 1;
    const idImportado =
      existing.rows[0]?.id_importado ??
      Number(
        (await client.query<{ id: string }>(`SELECT nextval('public.importados_id_importado_seq') AS id`))
          .rows[0]?.id,
      );

    const sourceCounts: Record<string, number> = {};
    const stagingStart = performance.now();
    const layerByStaging = new Map([...byTable.values()].map((l) => [stagingTableName(l.name), l]));
    const seen = new Map<string, { started: number; rows: number }>();
    const finish = (stagingName: string) => {
      const layer = layerByStaging.get(stagingName);
      const state = seen.get(stagingName);
      if (!layer || !state) return;
      emit({
        kind: 'layer-staged',
        layer: layer.name,
        table: layerForSourceName(layer.name)?.table ?? stagingName,
        rows: layer.featureCount,
        elapsedMs: performance.now() - state.started,
      });
    };
    const stopWatching = watchCopyProgress(pool, stagingSchema, ({ table: stagingName, rows }) => {
      const layer = layerByStaging.get(stagingName);
      if (!layer) return;
      if (!seen.has(stagingName)) {
        for (const previous of seen.keys()) finish(previous);
        seen.clear();
        seen.set(stagingName, { started: performance.now(), rows });
      }
      const state = seen.get(stagingName) as { started: number; rows: number };
      state.rows = rows;
      emit({
        kind: 'layer-progress',
        layer: layer.name,
        table: layerForSourceName(layer.name)?.table ?? stagingName,
        done: rows,
        total: layer.featureCount,
        elapsedMs: performance.now() - state.started,
      });
    });
    try {
      await stageLayers({
        source,
        layers: [...byTable.values()].map((l) => ({
          name: l.name,
          fields: l.fields.map((f) => f.name),
          featureCount: l.featureCount,
        })),
        databaseUrl: options.databaseUrl,
        schema: stagingSchema,
        signal,
      });
    } finally {
      await stopWatching();
    }
    for (const previous of seen.keys()) finish(previous);
    for (const layer of byTable.values()) sourceCounts[layer.name] = layer.featureCount;
    emit({
      kind: 'staged',
      rows: Object.values(sourceCounts).reduce((a, b) => a + b, 0),
      elapsedMs: performance.now() - stagingStart,
    });

    emit({ kind: 'phase', name: 'partitions' });
    const stagingOf = (layer: LayerEntry) => {
      const sourceLayer = byTable.get(layer.table);
      return sourceLayer ? { schema: stagingSchema, table: stagingTableName(sourceLayer.name) } : null;
    };
    // New columns for the live parents (first import, or a new vintage): catalogue-only changes, one commit.
    await client.query('BEGIN');
    for (const layer of LAYERS) {
      const staging = stagingOf(layer);
      if (staging) await widenParent(client, layer.table, (await stagedColumns(client, staging)).fields);
    }
    await client.query('COMMIT');
    // Everything below touches only the work schemas, on two connections (one per core), each in one
    // transaction without a synchronous WAL flush per statement: the work is disposable until the swap.
    const counts: Record<string, number> = {};
    const groups = balance(LAYERS, (l) => (byTable.get(l.table)?.featureCount ?? 0) + 1000, 2);
    await allSettledOrThrow(
      groups.map((group) =>
        inWorkTransaction(pool, async (worker) => {
          for (const layer of group) {
            throwIfAborted();
            const staging = stagingOf(layer);
            const built = await buildPartition(worker, { layer, idImportado, workSchema, staging });
            counts[layer.table] = built.rows;
            if (staging) await worker.query(`DROP TABLE ${q(staging.schema)}.${q(staging.table)}`);
            if (built.rows > 0) await worker.query(`ANALYZE ${q(workSchema)}.${q(layer.table)}`);
          }
        }),
      ),
    );
    throwIfAborted();
    emit({ kind: 'phase', name: 'generalization' });
    await inWorkTransaction(pool, (worker) => buildGeneralizedNetwork(worker, { idImportado, workSchema }));
    throwIfAborted();
    emit({ kind: 'phase', name: 'defects' });
    // SQL checks and the topology analysis (in this process) run side by side.
    const checks = [
      (worker: pg.ClientBase) => findDefects(worker, workSchema, ['references']),
      (worker: pg.ClientBase) => findDefects(worker, workSchema, ['values']),
      ...(options.extraChecks ?? []).map(
        (check) => (worker: pg.ClientBase) => check(worker, workSchema, idImportado),
      ),
    ];
    const found = await allSettledOrThrow(checks.map((check) => withConnection(pool, check)));
    const defects = found.flat();
    throwIfAborted();

    emit({ kind: 'phase', name: 'swap' });
    const durationS = (performance.now() - started) / 1000;
    const base = await client
      .query<{ dist: number | null; descr: string | null }>(
        `SELECT dist, descr FROM ${q(workSchema)}.base LIMIT 1`,
      )
      .catch(() => ({ rows: [] as { dist: number | null; descr: string | null }[] }));
    await swapIn(client, {
      idImportado,
      workSchema,
      layers: LAYERS,
      row: {
        nome,
        arquivo: options.file,
        sha256: fileHash,
        distribuidora: base.rows[0]?.dist ?? null,
        descricao: base.rows[0]?.descr ?? null,
        duracao_s: durationS,
        contagens: counts,
      },
      defects,
    });
    committed = true;
    const features = Object.values(counts).reduce((a, b) => a + b, 0);
    return {
      idImportado,
      nome,
      replaced,
      counts,
      sourceCounts,
      ignoredLayers,
      defects,
      durationS: (performance.now() - started) / 1000,
      features,
    };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (signal?.aborted && !committed) throw new ImportAbortedError();
    throw err;
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${q(stagingSchema)} CASCADE`).catch(() => undefined);
    await client.query(`DROP SCHEMA IF EXISTS ${q(workSchema)} CASCADE`).catch(() => undefined);
    await client.query('SELECT pg_advisory_unlock($1)', [IMPORT_LOCK]).catch(() => undefined);
    client.release();
  }
}

/** Runs `work` on its own pooled connection inside one transaction without synchronous commit. */
async function inWorkTransaction<T>(pool: pg.Pool, work: (client: pg.ClientBase) => Promise<T>): Promise<T> {
  return withConnection(pool, async (client) => {
    await client.query('SET synchronous_commit = off');
    await client.query('BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  });
}

async function withConnection<T>(pool: pg.Pool, work: (client: pg.ClientBase) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await work(client);
  } finally {
    client.release();
  }
}

/** Waits for every task (so none is still running during clean-up), then throws the first failure. */
async function allSettledOrThrow<T>(tasks: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(tasks);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

/** Removes work schemas left by an import that died (only called while holding the import lock). */
async function dropStaleWorkSchemas(client: pg.ClientBase): Promise<void> {
  const stale = await client.query<{ nspname: string }>(
    `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'importacao\\_%'`,
  );
  for (const { nspname } of stale.rows) await client.query(`DROP SCHEMA ${q(nspname)} CASCADE`);
}

interface SwapInput {
  idImportado: number;
  workSchema: string;
  layers: readonly LayerEntry[];
  row: {
    nome: string;
    arquivo: string;
    sha256: string | null;
    distribuidora: number | null;
    descricao: string | null;
    duracao_s: number;
    contagens: Record<string, number>;
  };
  defects: Defect[];
}

/** The only transaction that touches live tables: replaces this import's partitions and its report. */
async function swapIn(client: pg.ClientBase, input: SwapInput): Promise<void> {
  const { idImportado, workSchema, row } = input;
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO public.importados (id_importado, nome, arquivo, sha256, distribuidora, descricao, importado_em, duracao_s, contagens)
       VALUES ($1, $2, $3, $4, $5, $6, now(), $7, $8)
       ON CONFLICT (id_importado) DO UPDATE SET nome = EXCLUDED.nome, arquivo = EXCLUDED.arquivo,
         sha256 = EXCLUDED.sha256, distribuidora = EXCLUDED.distribuidora, descricao = EXCLUDED.descricao,
         importado_em = now(), duracao_s = EXCLUDED.duracao_s, contagens = EXCLUDED.contagens`,
      [
        idImportado,
        row.nome,
        row.arquivo,
        row.sha256,
        row.distribuidora,
        row.descricao,
        row.duracao_s,
        row.contagens,
      ],
    );
    const tables = [...input.layers.map((l) => l.table), 'rede_generalizada'];
    for (const table of tables) {
      const partition = `${table}_${idImportado}`;
      await client.query(`DROP TABLE IF EXISTS particoes.${q(partition)}`);
      await client.query(`ALTER TABLE ${q(workSchema)}.${q(table)} SET SCHEMA particoes`);
      await client.query(`ALTER TABLE particoes.${q(table)} RENAME TO ${q(partition)}`);
      await client.query(
        `ALTER TABLE public.${q(table)} ATTACH PARTITION particoes.${q(partition)} FOR VALUES IN (${idImportado})`,
      );
    }
    await client.query('DELETE FROM public.defeitos_importacao WHERE id_importado = $1', [idImportado]);
    for (const d of input.defects) {
      await client.query(
        `INSERT INTO public.defeitos_importacao (id_importado, tipo, camada, campo, quantidade, descricao, exemplos)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [idImportado, d.tipo, d.camada, d.campo, d.quantidade, d.descricao, JSON.stringify(d.exemplos)],
      );
    }
    for (const [alias, table] of Object.entries(TABLE_ALIASES)) {
      await client.query(`DROP VIEW IF EXISTS public.${q(alias)}`);
      await client.query(`CREATE VIEW public.${q(alias)} AS SELECT * FROM public.${q(table)}`);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** Deletes an import: its partitions, defect report and catalogue row, in one transaction. */
export async function deleteImport(pool: pg.Pool, idImportado: number): Promise<boolean> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    for (const table of [...LAYERS.map((l) => l.table), 'rede_generalizada']) {
      await client.query(`DROP TABLE IF EXISTS particoes.${q(`${table}_${idImportado}`)}`);
    }
    const result = await client.query('DELETE FROM public.importados WHERE id_importado = $1', [idImportado]);
    await client.query('COMMIT');
    return (result.rowCount ?? 0) > 0;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
