// Tile latency benchmark: cold (server cache miss, rendered by PostGIS) and warm (served from the LRU)
// p50/p95 at zooms 8, 12 and 16, through the real Fastify app (in-process `inject`, no network).
//
//   node --import tsx bench/tiles.ts [--database URL] [--amostras 40] [--saida docs/benchmarks/tiles.md]
//
// The database must already hold an import (e.g. a ≥1M-segment synthetic network:
//   npm run generate -- --saida /tmp/bdgd --segments 1000000 && DATABASE_URL=… npm run import -- /tmp/bdgd/<nome>.gdb).
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { createPool } from '@rede-eletrica/bdgd';
import { buildApp } from '../packages/server/src/app.ts';
import { loadConfig } from '../packages/server/src/config.ts';

const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    amostras: { type: 'string', default: '40' },
    saida: { type: 'string' },
    camadas: { type: 'string', default: 'ssdmt,ssdbt,untrd,unsemt' },
  },
});
const url = values.database ?? process.env.DATABASE_URL ?? 'postgres://postgres@localhost:5432/rede_eletrica';
const samples = Number(values.amostras);
const layers = (values.camadas as string).split(',');
const ZOOMS = [8, 12, 16];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

async function sampleTiles(pool: ReturnType<typeof createPool>, z: number, n: number) {
  // Tiles under randomly chosen MV/LV segments: where the network is (dense towns weigh more).
  const size = 40075016.68557849 / 2 ** z;
  const total = Number((await pool.query('SELECT count(*) AS n FROM public.ssdbt')).rows[0]?.n ?? 0);
  const percent = Math.min(100, (100 * n * 40) / Math.max(1, total));
  const result = await pool.query<{ x: number; y: number }>(
    `SELECT DISTINCT floor((ST_X(c) + 20037508.342789244) / $1)::int AS x,
                     floor((20037508.342789244 - ST_Y(c)) / $1)::int AS y
       FROM (SELECT ST_PointOnSurface(geom_3857) AS c FROM public.ssdbt TABLESAMPLE SYSTEM ($3) LIMIT $2) s`,
    [size, n * 20, percent],
  );
  const tiles = result.rows.sort(() => Math.random() - 0.5).slice(0, n);
  return tiles.map((t) => ({ z, x: t.x, y: t.y }));
}

async function main(): Promise<void> {
  const pool = createPool(url, 2);
  const counts = (
    await pool.query<{ nome: string; contagens: Record<string, number> }>(
      'SELECT nome, contagens FROM importados',
    )
  ).rows;
  if (counts.length === 0) throw new Error(`nenhuma importação em ${url}`);
  const segments = counts.reduce((s, r) => s + (r.contagens.ssdmt ?? 0) + (r.contagens.ssdbt ?? 0), 0);
  const app = await buildApp(loadConfig({ DATABASE_URL: url }), { logger: false });
  await app.inject({ url: '/tiles/catalogo' });
  // Warm-up of prepared statements and catalogues (not measured).
  for (const layer of layers) await app.inject({ url: `/tiles/${layer}/0/0/0.pbf` });
  const rows: string[] = [];
  const summary: { z: number; coldP95: number; warmP95: number }[] = [];
  for (const z of ZOOMS) {
    const tiles = await sampleTiles(pool, z, samples);
    for (const layer of layers) {
      const cold: number[] = [];
      const warm: number[] = [];
      let bytes = 0;
      let empty = 0;
      for (const t of tiles) {
        const path = `/tiles/${layer}/${t.z}/${t.x}/${t.y}.pbf`;
        let start = performance.now();
        const first = await app.inject({ url: path, headers: { 'accept-encoding': 'gzip' } });
        cold.push(performance.now() - start);
        if (first.statusCode === 204) empty++;
        bytes += first.rawPayload.length;
        start = performance.now();
        await app.inject({ url: path, headers: { 'accept-encoding': 'gzip' } });
        warm.push(performance.now() - start);
      }
      cold.sort((a, b) => a - b);
      warm.sort((a, b) => a - b);
      const f = (v: number) => v.toFixed(1);
      rows.push(
        `| ${z} | ${layer} | ${tiles.length} | ${empty} | ${(bytes / tiles.length / 1024).toFixed(1)} | ${f(percentile(cold, 50))} | ${f(percentile(cold, 95))} | ${f(cold.at(-1) ?? 0)} | ${f(percentile(warm, 50))} | ${f(percentile(warm, 95))} |`,
      );
      summary.push({ z, coldP95: percentile(cold, 95), warmP95: percentile(warm, 95) });
      console.log(rows.at(-1));
    }
  }
  await app.close();
  await pool.end();
  const cpu = cpus();
  const date = execSync('date').toString().trim();
  const coldOk = summary.every((s) => s.coldP95 < 50);
  const warmOk = summary.every((s) => s.warmP95 < 5);
  const report = `# Tiles vetoriais — benchmark

Gerado por \`node --import tsx bench/tiles.ts\` em ${date}.

- Máquina: ${cpu.length} × ${cpu[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM; PostgreSQL/PostGIS local.
- Banco: \`${new URL(url).pathname.slice(1)}\` — importações: ${counts.map((c) => c.nome).join(', ')}; ${segments.toLocaleString('pt-BR')} segmentos SSDMT+SSDBT.
- Medição: requisições pelo app Fastify real (\`inject\`, sem rede), gzip aceito. **Frio** = tile fora do cache do
  servidor (renderizado pelo PostGIS; o cache de páginas do PostgreSQL pode estar quente). **Quente** = mesma
  requisição em seguida (cache LRU em memória). Tiles amostrados sob segmentos BT sorteados (onde há rede).
- 204 = tile vazio (camada abaixo do seu minzoom). Tempos em ms; tamanho médio em KiB (gzip).

| z | camada | tiles | vazios | KiB | frio p50 | frio p95 | frio máx | quente p50 | quente p95 |
|---|--------|-------|--------|-----|----------|----------|----------|------------|------------|
${rows.join('\n')}

Metas: frio p95 < 50 ms — ${coldOk ? 'atingida' : 'NÃO atingida em todas as linhas'}; quente p95 < 5 ms — ${warmOk ? 'atingida' : 'NÃO atingida em todas as linhas'}.
`;
  if (values.saida) writeFileSync(values.saida, report);
  console.log(report);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
