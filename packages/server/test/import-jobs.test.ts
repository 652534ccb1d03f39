// Upload and background import of a BDGD (POST /importacoes, GET/DELETE /importacoes/jobs/{id}) on a
// fresh database, with a small synthetic BDGD whose manifest gives the expected counts.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createPool, ensureDatabase, layerForSourceName, migrate } from '@rede-eletrica/bdgd';
import { type GenerateResult, generateBdgd, writeTruncatedCopy } from '@rede-eletrica/bdgd/synthetic';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { testDatabaseUrl } from './helpers.ts';

const NAME = 'Envio_9997_2024-12-31_V11.gdb.zip';

describe('importação por envio de arquivo (POST /importacoes)', () => {
  let app: FastifyInstance;
  let dir: string;
  let generated: GenerateResult;
  let zip: Buffer;
  let url: string;
  const config = () =>
    loadConfig({
      DATABASE_URL: url,
      REDE_GERACAO_TTL_MS: '0',
      REDE_TELEMETRIA: 'desligada',
      REDE_UPLOAD_MAX_MB: '64',
    });

  const uploads = () => readdirSync(tmpdir()).filter((n) => n.startsWith('rede-upload-'));

  async function waitForJob(id: string, timeoutMs = 240_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const response = await app.inject({ url: `/importacoes/jobs/${id}` });
      assert.equal(response.statusCode, 200);
      const job = response.json();
      if (!['na_fila', 'executando'].includes(job.estado)) return job;
      if (Date.now() > deadline) throw new Error(`trabalho ${id} não terminou: ${JSON.stringify(job)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const upload = (payload: Buffer, name: string | null = NAME, contentType = 'application/zip') =>
    app.inject({
      method: 'POST',
      url: name === null ? '/importacoes' : `/importacoes?nome=${encodeURIComponent(name)}`,
      headers: { 'content-type': contentType },
      payload,
    });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rede-server-envio-'));
    generated = await generateBdgd({ outputDir: dir, name: 'Envio_9997', seed: 5, feeders: 2, zip: true });
    zip = readFileSync(generated.zipPath as string);
    url = testDatabaseUrl('rede_eletrica_test_envio');
    await ensureDatabase(url);
    const pool = createPool(url, 1);
    await migrate(pool);
    await pool.end();
    app = await buildApp(config(), { logger: false });
  });
  after(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('envia, acompanha até concluida e a importação aparece com as contagens do manifesto', async () => {
    const before = new Set(uploads());
    const response = await upload(zip);
    assert.equal(response.statusCode, 202, response.body);
    const { job: id } = response.json();
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.equal(response.headers.location, `/importacoes/jobs/${id}`);

    const job = await waitForJob(id);
    assert.equal(job.estado, 'concluida', JSON.stringify(job));
    assert.equal(job.erro, null);
    assert.equal(job.arquivo, NAME);
    assert.ok(job.camadas.length > 0);
    for (const layer of job.camadas.filter((l: { tabela: string }) => l.tabela)) {
      assert.ok(layer.concluida, layer.camada);
      assert.equal(layer.feitas, layer.total, layer.camada);
    }
    assert.equal(job.resultado.nome, 'Envio_9997_2024-12-31_V11.gdb');

    const imports = (await app.inject({ url: '/importacoes' })).json();
    const imported = imports.find(
      (i: { id_importado: number }) => i.id_importado === job.resultado.id_importado,
    );
    assert.ok(imported, 'importação listada');
    assert.equal(imported.nome, job.resultado.nome);
    for (const [layer, count] of Object.entries(generated.layers)) {
      const table = layerForSourceName(layer)?.table as string;
      assert.equal(imported.contagens[table], count, `${layer} → ${table}`);
    }
    assert.equal(imported.n_defeitos, job.resultado.n_defeitos);
    const defects = await app.inject({ url: `/importacoes/${imported.id_importado}/defeitos` });
    assert.equal(defects.statusCode, 200);

    // The temp file is gone once the job has ended.
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(
      uploads().filter((n) => !before.has(n)),
      [],
    );
    assert.equal(existsSync(generated.zipPath as string), true);
  });

  test('zip truncado termina em falhou com a mensagem do importador e nada muda no banco', async () => {
    const imports = (await app.inject({ url: '/importacoes' })).json();
    const truncated = join(dir, 'truncado.gdb.zip');
    writeTruncatedCopy(generated.zipPath as string, truncated, 0.5);
    const response = await upload(
      readFileSync(truncated),
      'Truncado_9996.gdb.zip',
      'application/octet-stream',
    );
    assert.equal(response.statusCode, 202, response.body);
    const job = await waitForJob(response.json().job);
    assert.equal(job.estado, 'falhou');
    assert.match(job.erro, /corrompido, truncado ou que não é um BDGD/);
    assert.match(job.erro, /Truncado_9996\.gdb\.zip/);
    assert.doesNotMatch(job.erro, /rede-upload-/);
    assert.equal(job.resultado, null);
    assert.deepEqual((await app.inject({ url: '/importacoes' })).json(), imports);
    const cancel = await app.inject({ method: 'DELETE', url: `/importacoes/jobs/${job.id}` });
    assert.equal(cancel.statusCode, 409);
  });

  test('sem nome, nome inválido, arquivo vazio, grande demais e tipo errado → 4xx', async () => {
    const noName = await upload(zip, null);
    assert.equal(noName.statusCode, 400);
    assert.match(noName.json().mensagem, /nome do arquivo/);
    assert.equal((await upload(zip, '../../etc/passwd.zip')).statusCode, 400);
    assert.equal((await upload(zip, 'rede.gdb')).statusCode, 400);
    assert.equal((await upload(Buffer.alloc(0))).statusCode, 400);
    const big = await upload(Buffer.alloc(65 * 1024 * 1024));
    assert.equal(big.statusCode, 413);
    assert.match(big.json().mensagem, /64 MB/);
    const json = await app.inject({
      method: 'POST',
      url: `/importacoes?nome=${NAME}`,
      headers: { 'content-type': 'application/json' },
      payload: '{}',
    });
    assert.equal(json.statusCode, 415);
    const header = await app.inject({
      method: 'POST',
      url: '/importacoes',
      headers: { 'content-type': 'application/zip', 'x-nome-arquivo': 'x' },
      payload: zip,
    });
    assert.equal(header.statusCode, 400);
    assert.equal(
      (await app.inject({ url: '/importacoes/jobs/00000000-0000-0000-0000-000000000000' })).statusCode,
      404,
    );
  });

  test('os trabalhos ficam no banco: a lista sobrevive a um reinício; um interrompido aparece como falhou', async () => {
    const listed = (await app.inject({ url: '/importacoes/jobs' })).json();
    assert.ok(listed.length >= 2, JSON.stringify(listed));
    assert.ok(listed.some((j: { estado: string }) => j.estado === 'concluida'));
    // A job that a stopped server process left running, as the table holds it then.
    const orphan = randomUUID();
    const pool = createPool(url, 1);
    try {
      await pool.query(
        `INSERT INTO trabalhos_importacao (id, estado, arquivo, bytes, criado_em, iniciado_em, fase)
         VALUES ($1, 'executando', 'Orfao_9995.gdb.zip', 10, now(), now(), 'leitura')`,
        [orphan],
      );
    } finally {
      await pool.end();
    }
    await app.close();
    app = await buildApp(config(), { logger: false });
    await app.ready();
    const after = (await app.inject({ url: '/importacoes/jobs' })).json();
    for (const job of listed) {
      assert.deepEqual(
        after.find((j: { id: string }) => j.id === job.id),
        job,
        job.arquivo,
      );
    }
    const one = await app.inject({ url: `/importacoes/jobs/${listed[0].id}` });
    assert.equal(one.statusCode, 200);
    assert.deepEqual(one.json(), listed[0]);
    const interrupted = (await app.inject({ url: `/importacoes/jobs/${orphan}` })).json();
    assert.equal(interrupted.estado, 'falhou');
    assert.match(interrupted.erro, /servidor foi reiniciado/);
    assert.ok(interrupted.terminado_em);
    const cancel = await app.inject({ method: 'DELETE', url: `/importacoes/jobs/${orphan}` });
    assert.equal(cancel.statusCode, 409);
  });
});
