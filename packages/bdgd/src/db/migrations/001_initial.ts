// Initial layout: the brief's control tables, the layer catalogue and one partitioned table per BDGD layer.
// Layer tables start with the columns every layer shares; the importer adds the file's fields (by name,
// as BDGD spells them, lower-cased) with ALTER TABLE, so that two vintages of BDGD can live side by side.
import pg from 'pg';
import { LAYERS, TABLE_ALIASES } from '../../catalogue.ts';

const q = pg.escapeIdentifier;

export async function up(client: pg.ClientBase): Promise<void> {
  await client.query(`
    CREATE TABLE IF NOT EXISTS public.importados (
      id_importado serial4 NOT NULL,
      nome text NOT NULL,
      CONSTRAINT importados_pkey PRIMARY KEY (id_importado)
    );
    ALTER TABLE public.importados
      ADD COLUMN IF NOT EXISTS arquivo text,
      ADD COLUMN IF NOT EXISTS sha256 text,
      ADD COLUMN IF NOT EXISTS distribuidora integer,
      ADD COLUMN IF NOT EXISTS descricao text,
      ADD COLUMN IF NOT EXISTS importado_em timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN IF NOT EXISTS duracao_s double precision,
      ADD COLUMN IF NOT EXISTS contagens jsonb NOT NULL DEFAULT '{}'::jsonb;
    CREATE UNIQUE INDEX IF NOT EXISTS importados_nome_key ON public.importados (nome);

    CREATE TABLE IF NOT EXISTS public.entgeo (
      nome text NULL, sigla text NULL, tipo_de_feicao text NULL, descricao text NULL
    );
    CREATE TABLE IF NOT EXISTS public.enttab (
      nome text NULL, sigla text NULL, descricao text NULL
    );

    CREATE TABLE IF NOT EXISTS public.dominio_aneel (
      tabela text NOT NULL,
      codigo text NOT NULL,
      descricao text,
      valor double precision,
      PRIMARY KEY (tabela, codigo)
    );

    CREATE TABLE IF NOT EXISTS public.defeitos_importacao (
      id_importado integer NOT NULL REFERENCES public.importados (id_importado) ON DELETE CASCADE,
      tipo text NOT NULL,
      camada text NOT NULL,
      campo text,
      quantidade integer NOT NULL,
      descricao text NOT NULL,
      exemplos jsonb NOT NULL DEFAULT '[]'::jsonb
    );
    CREATE INDEX IF NOT EXISTS defeitos_importacao_id ON public.defeitos_importacao (id_importado);

    CREATE SCHEMA IF NOT EXISTS particoes;
  `);

  await client.query('TRUNCATE public.entgeo, public.enttab');
  for (const layer of LAYERS) {
    if (layer.geometry) {
      await client.query('INSERT INTO public.entgeo VALUES ($1, $2, $3, $4)', [
        layer.name,
        layer.table,
        layer.geometry,
        layer.description,
      ]);
    } else {
      await client.query('INSERT INTO public.enttab VALUES ($1, $2, $3)', [
        layer.name,
        layer.table,
        layer.description,
      ]);
    }
  }

  for (const layer of LAYERS) {
    const geometryColumns = layer.geometry
      ? ', geom geometry(Geometry, 4674), geom_3857 geometry(Geometry, 3857)'
      : '';
    await client.query(
      `CREATE TABLE IF NOT EXISTS public.${q(layer.table)} (
         id_importado integer NOT NULL,
         id bigint NOT NULL${geometryColumns},
         PRIMARY KEY (id_importado, id)
       ) PARTITION BY LIST (id_importado)`,
    );
    if (layer.geometry) {
      await client.query(
        `CREATE INDEX IF NOT EXISTS ${q(`${layer.table}_geom_3857_idx`)} ON public.${q(layer.table)} USING gist (geom_3857)`,
      );
    }
  }
  for (const [alias, table] of Object.entries(TABLE_ALIASES)) {
    await client.query(`CREATE OR REPLACE VIEW public.${q(alias)} AS SELECT * FROM public.${q(table)}`);
  }

  // Generalised MV/LV network per feeder, for low-zoom tiles of large utilities.
  await client.query(`
    CREATE TABLE IF NOT EXISTS public.rede_generalizada (
      id_importado integer NOT NULL,
      id bigint NOT NULL,
      camada text NOT NULL,
      nivel smallint NOT NULL,
      ctmt text,
      comprimento_m double precision,
      geom_3857 geometry(Geometry, 3857),
      PRIMARY KEY (id_importado, id)
    ) PARTITION BY LIST (id_importado);
    CREATE INDEX IF NOT EXISTS rede_generalizada_geom_idx ON public.rede_generalizada USING gist (geom_3857);
  `);
}
