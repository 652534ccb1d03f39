// Background import jobs of the server (POST /importacoes): kept in the database so that the list and each
// job's outcome survive a restart of the server process.
import type pg from 'pg';

export async function up(client: pg.ClientBase): Promise<void> {
  await client.query(`
    CREATE TABLE IF NOT EXISTS public.trabalhos_importacao (
      id uuid PRIMARY KEY,
      estado text NOT NULL CHECK (estado IN ('na_fila', 'executando', 'concluida', 'falhou', 'cancelada')),
      arquivo text NOT NULL,
      bytes bigint NOT NULL,
      criado_em timestamptz NOT NULL,
      iniciado_em timestamptz,
      terminado_em timestamptz,
      fase text,
      camadas jsonb NOT NULL DEFAULT '[]'::jsonb,
      resultado jsonb,
      erro text,
      arquivo_temporario text
    );
    CREATE INDEX IF NOT EXISTS trabalhos_importacao_criado_em ON public.trabalhos_importacao (criado_em DESC);
  `);
}
