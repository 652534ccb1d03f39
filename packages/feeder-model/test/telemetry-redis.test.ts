// Telemetry substitution against the real Redis (127.0.0.1:6379, or REDIS_URL): `telemetria:ultimo:{cod}` hashes
// are written under a key prefix of this test only (REDE_REDIS_PREFIXO convention of packages/telemetry) for three
// transformers of a synthetic feeder; the power flow run with telemetry must replace the estimate below exactly
// those transformers. Expectations are computed here from the raw power-flow result:
// * through each measured transformer: power at the secondary = measured P/Q, and at the primary = measured P
//   plus that transformer's own losses;
// * independently, the loads actually consumed below it plus the losses of its LV lines = measured P;
// * the loads of every other transformer keep the estimate of a run without telemetry.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { importBdgd } from '@rede-eletrica/bdgd';
import { generateBdgd } from '@rede-eletrica/bdgd/synthetic';
import { Redis } from 'ioredis';
import { freshDatabase, type TestDatabase } from '../../../scripts/test-database.ts';
import { listFeeders } from '../src/load/read-feeder.ts';
import { runFeeder } from '../src/run-feeder.ts';
import { RedisTelemetrySource } from '../src/telemetry/redis-source.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `teste-feeder-model-${process.pid}-${Date.now()}:`;
const RUN = { month: 3, dayType: 'DU' as const, step: 76 };

describe('telemetry substitution (real Redis)', { concurrency: false }, () => {
  let db: TestDatabase;
  let redis: Redis;
  let work: string;
  let id: number;
  let ctmt: string;
  before(async () => {
    db = await freshDatabase('feeder_model_telemetry');
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    work = mkdtempSync(join(tmpdir(), 'feeder-model-tel-'));
    const generated = await generateBdgd({
      outputDir: work,
      name: 'Sintetica_Tel',
      seed: 5,
      feeders: 1,
      zip: true,
    });
    const imported = await importBdgd({
      file: generated.zipPath as string,
      pool: db.pool,
      databaseUrl: db.url,
    });
    id = imported.idImportado;
    ctmt = (await listFeeders(db.pool, id))[0] as string;
  });
  after(async () => {
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await db.close();
    rmSync(work, { recursive: true, force: true });
  });

  test('measured P/Q replace the estimate below the measured transformers, and only there', async () => {
    const baseline = await runFeeder(db.pool, id, ctmt, RUN);
    assert.equal(baseline.resultado.convergiu, true);
    // estimated kW per transformer at the instant
    const estimate = new Map<string, number>();
    const transformerOf = new Map(baseline.model.loads.map((l) => [l.id, l.transformer]));
    for (const l of baseline.model.input.loads ?? []) {
      const t = transformerOf.get(l.id);
      if (t) estimate.set(t, (estimate.get(t) ?? 0) + l.pKw.reduce((a, b) => a + b, 0));
    }
    const chosen = [...estimate]
      .filter(([, p]) => p > 1)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3);
    assert.equal(chosen.length, 3, 'the synthetic feeder has loaded transformers');
    // measurements clearly different from the estimate: 1.4 × the estimated kW, Q = 0.35 × P
    const readings = new Map(chosen.map(([cod, p], k) => [cod, { p: 1.4 * p + k, q: 0.35 * (1.4 * p + k) }]));
    for (const [cod, r] of readings) {
      const key = `${PREFIX}telemetria:ultimo:${cod}`;
      await redis.hset(key, {
        potencia_ativa: String(r.p),
        potencia_reativa: String(r.q),
        timestamp: new Date().toISOString(),
      });
      await redis.expire(key, 600);
    }
    // a transformer with a reading under another prefix must be ignored
    const other = [...estimate.keys()].find((c) => !readings.has(c)) as string;
    await redis.hset(`${PREFIX}x:telemetria:ultimo:${other}`, {
      potencia_ativa: '999',
      potencia_reativa: '1',
    });

    const source = new RedisTelemetrySource(REDIS_URL, { prefix: PREFIX });
    let run: Awaited<ReturnType<typeof runFeeder>>;
    try {
      run = await runFeeder(db.pool, id, ctmt, { ...RUN, telemetry: source });
    } finally {
      await source.close();
    }
    assert.equal(run.resultado.convergiu, true, run.resultado.mensagem ?? '');
    assert.equal(run.telemetria.fonte, 'redis');
    assert.equal(run.telemetria.transformadores_medidos, 3);
    assert.deepEqual(run.telemetria.codigos, [...readings.keys()].sort());

    const flow = run.fluxo;
    const branches = new Map((flow.branches ?? []).map((b) => [b.id, b]));
    const sum = (v: readonly number[]) => v.reduce((a, b) => a + b, 0);
    for (const [cod, r] of readings) {
      const tr = branches.get(`untrd:${cod}`);
      assert.ok(tr, cod);
      const secondaryP = -sum(tr.pToKw);
      const secondaryQ = -sum(tr.qToKvar);
      assert.ok(Math.abs(secondaryP - r.p) < 0.01, `${cod}: secondary ${secondaryP} kW vs measured ${r.p}`);
      assert.ok(Math.abs(secondaryQ - r.q) < 0.01, `${cod}: secondary ${secondaryQ} kvar vs measured ${r.q}`);
      assert.ok(tr.lossKw > 0);
      assert.ok(
        Math.abs(sum(tr.pFromKw) - (r.p + tr.lossKw)) < 0.01,
        `${cod}: primary ${sum(tr.pFromKw)} kW vs measured + losses ${r.p + tr.lossKw}`,
      );
      // independent route: consumed loads on the buses below the transformer + losses of the lines between them
      const below = new Set<string>();
      for (const [bus, info] of run.model.buses) if (info.transformer === cod) below.add(bus);
      const loadKw = sum((flow.loads ?? []).filter((l) => below.has(l.bus)).map((l) => l.pKw));
      const lineLossKw = sum(
        (flow.branches ?? [])
          .filter((b) => b.kind !== 'transformer' && below.has(b.toBus))
          .map((b) => b.lossKw),
      );
      assert.ok(
        Math.abs(loadKw + lineLossKw - r.p) < 0.01 + 1e-6 * r.p,
        `${cod}: loads ${loadKw} + LV losses ${lineLossKw} vs measured ${r.p}`,
      );
      assert.ok(lineLossKw > 0 && loadKw < r.p, 'the LV losses are on top of the loads, not inside them');
    }
    // every other transformer keeps the estimate (nominal kW of its loads as in the run without telemetry)
    const before = new Map((baseline.model.input.loads ?? []).map((l) => [l.id, sum(l.pKw)]));
    for (const l of run.model.input.loads ?? []) {
      const t = transformerOf.get(l.id);
      if (t && readings.has(t)) continue;
      assert.equal(sum(l.pKw), before.get(l.id), l.id);
    }
  });

  test('without readings under the prefix nothing is replaced', async () => {
    const source = new RedisTelemetrySource(REDIS_URL, { prefix: `${PREFIX}vazio:` });
    try {
      const run = await runFeeder(db.pool, id, ctmt, { ...RUN, telemetry: source });
      assert.equal(run.telemetria.fonte, 'redis');
      assert.equal(run.telemetria.transformadores_medidos, 0);
      assert.deepEqual(run.telemetria.codigos, []);
    } finally {
      await source.close();
    }
  });
});
