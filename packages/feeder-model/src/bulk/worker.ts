// Feeder worker of the bulk runner: reads its chunks of feeders with one query per layer, then models,
// solves and summarises them one by one (the same `runFeederRows` as the single-feeder path).
import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { readFeedersRows, readImportCatalogue } from '../load/read-feeder.ts';
import { runFeederRows } from '../run-feeder.ts';
import type { BulkFeederResult, FromWorker, ToWorker, WorkerData } from './protocol.ts';

const data = workerData as WorkerData;
const port = parentPort;
if (!port) throw new Error('worker.ts só roda como worker_thread');
const send = (message: FromWorker) => port.postMessage(message);
const stop = new Int32Array(data.stop);

const client = new pg.Client({ connectionString: data.databaseUrl, application_name: 'rede-eletrica-fluxo' });

async function runChunk(ctmts: string[]): Promise<void> {
  const t0 = performance.now();
  const rows = await readFeedersRows(client, data.idImportado, ctmts, { catalogue });
  const readMs = performance.now() - t0;
  const share = readMs / Math.max(1, ctmts.length);
  let skipped = 0;
  for (const ctmt of ctmts) {
    if (Atomics.load(stop, 0) === 1) {
      skipped++;
      continue;
    }
    const feederRows = rows.get(ctmt);
    rows.delete(ctmt);
    let result: BulkFeederResult;
    if (!feederRows) {
      result = {
        ctmt,
        defeitos: 0,
        counts: {},
        tempos_ms: { leitura: share, modelo: 0, montagem: 0, solucao: 0 },
        regulatorTaps: {},
        erro: `alimentador ${ctmt} não encontrado na importação ${data.idImportado}`,
      };
    } else {
      try {
        const run = await runFeederRows(feederRows, data.run, share);
        result = {
          ctmt,
          resultado: run.resultado,
          ...(run.dia ? { dia: run.dia } : {}),
          defeitos: run.model.defects.reduce((a, d) => a + d.quantidade, 0),
          counts: run.model.counts,
          tempos_ms: run.tempos_ms,
          regulatorTaps: run.regulatorTaps,
        };
      } catch (error) {
        result = {
          ctmt,
          defeitos: 0,
          counts: {},
          tempos_ms: { leitura: share, modelo: 0, montagem: 0, solucao: 0 },
          regulatorTaps: {},
          erro: (error as Error).message,
        };
      }
    }
    send({ type: 'result', result });
  }
  send({ type: 'chunk-done', readMs, skipped });
}

let catalogue: Awaited<ReturnType<typeof readImportCatalogue>>;
try {
  await client.connect();
  catalogue = await readImportCatalogue(client, data.idImportado);
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'fatal', message: (error as Error).message });
  await client.end().catch(() => undefined);
  process.exit(1);
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'close') {
    void client.end().finally(() => port.close());
    return;
  }
  runChunk(message.ctmts).catch((error: Error) => send({ type: 'fatal', message: error.message }));
});
