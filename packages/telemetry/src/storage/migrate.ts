// Telemetry schema on TIMESCALE_URL, versioned in its own table `schema_migrations_telemetria`, applied once
// each under an advisory lock. Two storage paths, chosen when the schema is first created:
//   • TimescaleDB available → hypertable, continuous aggregates `telemetria_1h`/`telemetria_1d`, 90-day
//     retention policy, as the brief writes them;
//   • otherwise (plain PostgreSQL) → `telemetria_transformador` range-partitioned by day, partitions created
//     and dropped by the application (partitions.ts), and rollup tables kept up to date by every insert
//     batch (store.ts), late readings included, exposed as views `telemetria_1h`/`telemetria_1d` with the
//     same columns.
// The path in use is recorded in `telemetria_config` and reported by `storageMode()`.
import type pg from 'pg';

const LOCK = 7_270_101;
export type StorageMode = 'timescaledb' | 'particionamento_nativo';

/** Local day for the daily rollup (both paths). */
export const DAY_TIME_ZONE = 'America/Sao_Paulo';

const TABLE = `
  CREATE TABLE IF NOT EXISTS public.telemetria_transformador (
    timestamp timestamptz NOT NULL,
    cod_transformador varchar(40) NOT NULL,
    tensao_primario double precision,    -- kV
    tensao_secundario double precision,  -- V
    corrente_a double precision,         -- A
    corrente_b double precision,         -- A
    corrente_c double precision,         -- A
    potencia_ativa double precision,     -- kW
    potencia_reativa double precision,   -- kVAr
    temperatura double precision,        -- °C
    status varchar(20),                  -- enviado pelo dispositivo (opcional)
    conhecido boolean NOT NULL DEFAULT true, -- false: transformador ausente das importações BDGD
    recebido_em timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (timestamp, cod_transformador)
  )`;

const COMMON = `
  CREATE TABLE IF NOT EXISTS public.telemetria_rejeitada (
    id bigserial PRIMARY KEY,
    recebido_em timestamptz NOT NULL DEFAULT now(),
    origem text NOT NULL,                -- mqtt | http
    topico text,
    cod_transformador text,
    motivo text NOT NULL,
    detalhe text NOT NULL,
    payload text
  );
  CREATE INDEX IF NOT EXISTS telemetria_rejeitada_recebido ON public.telemetria_rejeitada (recebido_em DESC);

  CREATE TABLE IF NOT EXISTS public.telemetria_desconhecido (
    cod_transformador varchar(40) PRIMARY KEY,
    primeira_leitura timestamptz NOT NULL,
    ultima_leitura timestamptz NOT NULL,
    leituras bigint NOT NULL
  );

  CREATE TABLE IF NOT EXISTS public.alertas (
    id bigserial PRIMARY KEY,
    cod_transformador varchar(40) NOT NULL,
    ctmt text,
    tipo text NOT NULL,
    severidade text NOT NULL,
    valor double precision,
    limite double precision,
    unidade text NOT NULL DEFAULT '',
    mensagem text NOT NULL DEFAULT '',
    aberto_em timestamptz NOT NULL,
    atualizado_em timestamptz NOT NULL,
    reconhecido_em timestamptz,
    reconhecido_por text,
    encerrado_em timestamptz
  );
  CREATE UNIQUE INDEX IF NOT EXISTS alertas_ativo_unico ON public.alertas (cod_transformador, tipo)
    WHERE encerrado_em IS NULL;
  CREATE INDEX IF NOT EXISTS alertas_ativos ON public.alertas (severidade, ctmt) WHERE encerrado_em IS NULL;
  CREATE INDEX IF NOT EXISTS alertas_aberto_em ON public.alertas (aberto_em DESC);

  CREATE TABLE IF NOT EXISTS public.telemetria_config (chave text PRIMARY KEY, valor text NOT NULL);
`;

function rollupTable(name: string): string {
  return `
  CREATE TABLE IF NOT EXISTS public.${name} (
    cod_transformador varchar(40) NOT NULL,
    bucket timestamptz NOT NULL,
    amostras integer NOT NULL,
    soma_tensao double precision NOT NULL,
    soma_potencia double precision NOT NULL,
    soma_potencia_reativa double precision NOT NULL,
    temp_max double precision,
    potencia_max double precision,
    tensao_min double precision,
    PRIMARY KEY (cod_transformador, bucket)
  )`;
}

function rollupView(view: string, table: string): string {
  // Hourly view over the incrementally maintained sums.
  return `
  CREATE OR REPLACE VIEW public.${view} AS
    SELECT bucket, cod_transformador,
           soma_tensao / amostras AS tensao_avg,
           soma_potencia / amostras AS potencia_avg,
           temp_max,
           soma_potencia_reativa / amostras AS potencia_reativa_avg,
           potencia_max, tensao_min, amostras
      FROM public.${table}`;
}

function continuousAggregate(view: string, bucket: string): string {
  return `
  CREATE MATERIALIZED VIEW IF NOT EXISTS public.${view}
  WITH (timescaledb.continuous) AS
  SELECT ${bucket} AS bucket,
         cod_transformador,
         AVG(tensao_primario) AS tensao_avg,
         AVG(potencia_ativa) AS potencia_avg,
         MAX(temperatura) AS temp_max,
         AVG(potencia_reativa) AS potencia_reativa_avg,
         MAX(potencia_ativa) AS potencia_max,
         MIN(tensao_primario) AS tensao_min,
         COUNT(*)::integer AS amostras
    FROM public.telemetria_transformador
   GROUP BY 1, cod_transformador
  WITH NO DATA`;
}

interface Migration {
  version: number;
  name: string;
  up(client: pg.ClientBase, mode: StorageMode, retentionDays: number): Promise<void>;
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'telemetria inicial',
    async up(client, mode, retentionDays) {
      await client.query(COMMON);
      if (mode === 'timescaledb') {
        await client.query('CREATE EXTENSION IF NOT EXISTS timescaledb');
        await client.query(TABLE);
        await client.query(
          `SELECT create_hypertable('public.telemetria_transformador', 'timestamp', if_not_exists => true)`,
        );
        await client.query(
          `SELECT add_retention_policy('public.telemetria_transformador', INTERVAL '${retentionDays} days', if_not_exists => true)`,
        );
        await client.query(continuousAggregate('telemetria_1h', `time_bucket('1 hour', timestamp)`));
        await client.query(
          continuousAggregate('telemetria_1d', `time_bucket('1 day', timestamp, '${DAY_TIME_ZONE}')`),
        );
        for (const [view, every] of [
          ['telemetria_1h', '5 minutes'],
          ['telemetria_1d', '1 hour'],
        ]) {
          // start_offset NULL: the whole history is refreshed, so late readings are included.
          await client.query(
            `SELECT add_continuous_aggregate_policy('public.${view}', start_offset => NULL,
               end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '${every}', if_not_exists => true)`,
          );
          await client.query(
            `ALTER MATERIALIZED VIEW public.${view} SET (timescaledb.materialized_only = false)`,
          );
        }
      } else {
        await client.query(`${TABLE} PARTITION BY RANGE (timestamp)`);
        await client.query(rollupTable('telemetria_1h_soma'));
        await client.query(rollupView('telemetria_1h', 'telemetria_1h_soma'));
        // The daily rollup is derived from the hourly one (24 rows per transformer and day): exact, always
        // current, late readings included, and no second upsert per reading.
        await client.query(`
          CREATE OR REPLACE VIEW public.telemetria_1d AS
            SELECT date_trunc('day', bucket, '${DAY_TIME_ZONE}') AS bucket, cod_transformador,
                   sum(soma_tensao) / sum(amostras) AS tensao_avg,
                   sum(soma_potencia) / sum(amostras) AS potencia_avg,
                   max(temp_max) AS temp_max,
                   sum(soma_potencia_reativa) / sum(amostras) AS potencia_reativa_avg,
                   max(potencia_max) AS potencia_max, min(tensao_min) AS tensao_min,
                   sum(amostras)::integer AS amostras
              FROM public.telemetria_1h_soma
             GROUP BY 1, cod_transformador`);
      }
      await client.query(
        'CREATE INDEX IF NOT EXISTS telemetria_transformador_cod_ts ON public.telemetria_transformador (cod_transformador, timestamp DESC)',
      );
      await client.query(
        `INSERT INTO public.telemetria_config (chave, valor) VALUES ('modo_armazenamento', $1)
         ON CONFLICT (chave) DO NOTHING`,
        [mode],
      );
    },
  },
  {
    version: 2,
    name: 'agregação horária com espaço livre por página',
    async up(client, mode) {
      // Each hourly row is updated at every reading of its hour; room left in each page lets those
      // updates stay on the page (HOT: no new index entry), which keeps the rollup upsert cheap.
      if (mode === 'particionamento_nativo') {
        await client.query('ALTER TABLE public.telemetria_1h_soma SET (fillfactor = 70)');
      }
    },
  },
  {
    version: 3,
    name: 'lotes gravados e ainda não publicados',
    async up(client) {
      // Outbox: each batch is registered in the transaction that stores it and deregistered once it has
      // been cached and published; a restarted ingester republishes its batches still registered.
      await client.query(`
        CREATE TABLE IF NOT EXISTS public.telemetria_lote (
          id bigserial PRIMARY KEY,
          ingestor text NOT NULL,
          ts_min timestamptz NOT NULL,
          ts_max timestamptz NOT NULL,
          gravado_em timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX IF NOT EXISTS telemetria_lote_ingestor ON public.telemetria_lote (ingestor);
        ALTER TABLE public.telemetria_transformador ADD COLUMN IF NOT EXISTS lote bigint;`);
    },
  },
];

async function timescaleAvailable(client: pg.ClientBase): Promise<boolean> {
  const r = await client.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'`);
  return r.rowCount === 1;
}

export interface MigrateResult {
  applied: number[];
  mode: StorageMode;
}

export async function migrateTelemetry(pool: pg.Pool, retentionDays = 90): Promise<MigrateResult> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS public.schema_migrations_telemetria (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set(
      (
        await client.query<{ version: number }>('SELECT version FROM public.schema_migrations_telemetria')
      ).rows.map((r) => r.version),
    );
    let mode = await storageMode(client);
    if (mode === null) {
      mode =
        process.env.REDE_TIMESCALE !== 'desligado' && (await timescaleAvailable(client))
          ? 'timescaledb'
          : 'particionamento_nativo';
    }
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      // TimescaleDB refuses continuous aggregates inside a transaction block.
      const transactional = mode !== 'timescaledb';
      if (transactional) await client.query('BEGIN');
      try {
        await migration.up(client, mode, retentionDays);
        await client.query(
          'INSERT INTO public.schema_migrations_telemetria (version, name) VALUES ($1, $2)',
          [migration.version, migration.name],
        );
        if (transactional) await client.query('COMMIT');
        applied.push(migration.version);
      } catch (err) {
        if (transactional) await client.query('ROLLBACK');
        throw err;
      }
    }
    return { applied, mode };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK]).catch(() => undefined);
    client.release();
  }
}

/** The storage path recorded at creation, or null before the first migration. */
export async function storageMode(client: pg.ClientBase | pg.Pool): Promise<StorageMode | null> {
  const exists = await client.query(`SELECT to_regclass('public.telemetria_config') AS t`);
  if (!exists.rows[0]?.t) return null;
  const r = await client.query<{ valor: StorageMode }>(
    `SELECT valor FROM public.telemetria_config WHERE chave = 'modo_armazenamento'`,
  );
  return r.rows[0]?.valor ?? null;
}
