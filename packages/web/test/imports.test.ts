// Browser test of the imports page against the real server and PostgreSQL, with synthetic BDGD files (no
// shared data needed): a .gdb.zip chosen on the page is uploaded, imported in the background and its
// defect report shown; a running import is cancelled from the page, the server reports it cancelled and
// the list of imports is unchanged. Screenshots go to test-artifacts/imports-*.png.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { importBdgd } from '@rede-eletrica/bdgd';
import { generateBdgd } from '@rede-eletrica/bdgd/synthetic';
import { chromium } from 'playwright-core';
import { repoRoot } from '../../../scripts/shared-data.ts';
import { freshDatabase } from '../../../scripts/test-database.ts';
import { buildApp } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(repoRoot, 'test-artifacts');
const DIST = join(repoRoot, 'packages/web/dist');

interface Job {
  id: string;
  arquivo: string;
  estado: string;
  resultado: { id_importado: number; n_defeitos: number } | null;
}

test('página de importações: envio com relatório de defeitos e cancelamento (BDGD sintética)', {
  timeout: 600_000,
}, async (t) => {
  mkdirSync(ARTIFACTS, { recursive: true });
  if (process.env.WEB_SKIP_BUILD !== '1') {
    execFileSync('npm', ['run', 'build', '-w', '@rede-eletrica/web'], { cwd: repoRoot, stdio: 'pipe' });
  }
  const dir = mkdtempSync(join(tmpdir(), 'rede-web-importacoes-'));
  const base = await generateBdgd({ outputDir: dir, name: 'Base_9981', seed: 3, feeders: 1, zip: true });
  // With known defects, so that the report has rows to check.
  const sent = await generateBdgd({
    outputDir: dir,
    name: 'Envio_9982',
    seed: 4,
    feeders: 2,
    zip: true,
    defects: {
      duplicateCodIds: [{ layer: 'SSDMT', count: 3 }],
      danglingPacs: [{ layer: 'UCBT_tab', count: 4 }],
      unknownCtmt: [{ layer: 'SSDMT', count: 2 }],
    },
  });
  // Large enough that its import is still running when "Cancelar" is clicked.
  const large = await generateBdgd({ outputDir: dir, name: 'Grande_9983', seed: 6, feeders: 40, zip: true });
  const db = await freshDatabase('web_importacoes');
  // The page (and its "Importações" button) is for a console that already has a network.
  await importBdgd({ file: base.zipPath as string, pool: db.pool, databaseUrl: db.url });
  const app = await buildApp(
    {
      ...loadConfig({
        ...process.env,
        DATABASE_URL: db.url,
        REDE_MODO: 'desenvolvimento',
        REDE_TELEMETRIA: 'desligada',
      }),
      webDist: DIST,
    },
    { logger: false },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  t.after(async () => {
    await browser.close();
    await app.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const getJson = async <T>(path: string): Promise<T> =>
    (await fetch(`${origin}${path}`)).json() as Promise<T>;

  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(origin);
  await page.getByRole('button', { name: 'Importações' }).click();
  const imports = page.locator('[data-testid="imports-page"]');
  await imports.waitFor();
  const fileInput = imports.getByLabel('Arquivo BDGD (.gdb.zip)');
  const job = imports.locator('[data-testid="import-job"]');

  await t.test('envio de um .gdb.zip: acompanha até concluir e mostra o relatório de defeitos', async () => {
    await fileInput.setInputFiles(sent.zipPath as string);
    await imports.getByRole('button', { name: 'Importar' }).click();
    await job.filter({ hasText: 'importação concluída' }).waitFor({ timeout: 240_000 });
    const jobs = await getJson<Job[]>('/importacoes/jobs');
    const done = jobs.find((j) => j.arquivo === basename(sent.zipPath as string));
    assert.equal(done?.estado, 'concluida', JSON.stringify(jobs));
    const id = done.resultado?.id_importado;
    assert.ok(id, 'importação criada');
    assert.match((await job.textContent()) ?? '', new RegExp(`Importação ${id} criada`));
    // The new import is listed and chosen, and its defect report is the server's.
    const list = await getJson<Array<{ id_importado: number }>>('/importacoes');
    assert.ok(list.some((i) => i.id_importado === id));
    await imports.locator('.import-item[aria-pressed="true"]').waitFor();
    const report = await getJson<{ defeitos: Array<{ tipo: string; quantidade: number }> }>(
      `/importacoes/${id}/defeitos`,
    );
    assert.ok(report.defeitos.length >= 3, 'os defeitos gerados estão no relatório');
    const rows = imports.locator('[data-testid="defects"] tbody tr');
    await rows.first().waitFor({ timeout: 10_000 });
    assert.equal(await rows.count(), report.defeitos.length);
    const firstRow = (await rows.first().textContent()) ?? '';
    assert.ok(firstRow.includes(report.defeitos[0]?.tipo.replace(/_/g, ' ') ?? '?'), firstRow);
    await page.screenshot({ path: join(ARTIFACTS, 'imports-1-uploaded.png') });
  });

  await t.test('cancelar uma importação em execução: o servidor a mostra cancelada e nada muda', async () => {
    const before = await getJson<unknown[]>('/importacoes');
    await fileInput.setInputFiles(large.zipPath as string);
    await imports.getByRole('button', { name: 'Importar' }).click();
    await job.filter({ hasText: 'importação em execução' }).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'imports-2-running.png') });
    await imports.getByRole('button', { name: 'Cancelar' }).click();
    await job.filter({ hasText: 'importação cancelada' }).waitFor({ timeout: 60_000 });
    const jobs = await getJson<Job[]>('/importacoes/jobs');
    const cancelled = jobs.find((j) => j.arquivo === basename(large.zipPath as string));
    assert.equal(cancelled?.estado, 'cancelada', JSON.stringify(jobs));
    assert.equal(cancelled.resultado, null);
    assert.deepEqual(await getJson<unknown[]>('/importacoes'), before, 'lista de importações inalterada');
    const { rows } = await db.pool.query('SELECT 1 FROM importados WHERE nome LIKE $1 OR arquivo LIKE $1', [
      '%Grande_9983%',
    ]);
    assert.equal(rows.length, 0, 'nenhuma importação gravada');
    await page.screenshot({ path: join(ARTIFACTS, 'imports-3-cancelled.png') });
  });

  assert.deepEqual(pageErrors, []);
});
