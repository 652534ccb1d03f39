// `npm run import -- <file.gdb | file.gdb.zip>`: imports a BDGD into PostGIS with progress per layer.
// Ctrl-C interrupts safely: nothing is changed until the final swap, which is a single transaction.
import { createPool, databaseUrl } from '../db/connection.ts';
import { DatabaseConnectionError, ensureDatabase, PostgisMissingError } from '../db/ensure-database.ts';
import { BdgdFileError } from '../gdal/inspect.ts';
import { ImportAbortedError, type ImportEvent, importBdgd } from '../import/import-bdgd.ts';
import { analyseTopologyDefects } from '../topology/import-check.ts';

const rate = (rows: number, ms: number) =>
  (ms > 0 ? Math.round((rows * 1000) / ms) : 0).toLocaleString('pt-BR');
const tty = process.stdout.isTTY;

function report(event: ImportEvent): void {
  switch (event.kind) {
    case 'inspected':
      console.log(`${event.layers.length} camadas encontradas`);
      break;
    case 'layer-progress':
      if (tty) {
        process.stdout.write(
          `\r  ${event.layer.padEnd(10)} ${event.done.toLocaleString('pt-BR')}/${event.total.toLocaleString('pt-BR')} ` +
            `(${rate(event.done, event.elapsedMs)} feições/s)   `,
        );
      }
      break;
    case 'layer-staged':
      if (tty) process.stdout.write('\r');
      console.log(
        `  ${event.layer.padEnd(10)} ${event.rows.toLocaleString('pt-BR')}/${event.rows.toLocaleString('pt-BR')} ` +
          `em ${(event.elapsedMs / 1000).toFixed(2)} s (${rate(event.rows, event.elapsedMs)} feições/s)     `,
      );
      break;
    case 'staged':
      console.log(
        `${event.rows.toLocaleString('pt-BR')} feições lidas em ${(event.elapsedMs / 1000).toFixed(1)} s ` +
          `(${rate(event.rows, event.elapsedMs)} feições/s)`,
      );
      break;
    case 'phase': {
      const names = {
        partitions: 'montando partições e índices',
        generalization: 'generalizando a rede para zooms baixos',
        defects: 'verificando defeitos e a topologia (PAC)',
        swap: 'publicando a importação (transação única)',
      } as const;
      console.log(`→ ${names[event.name]}`);
      break;
    }
  }
}

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file) {
    console.error('uso: npm run import -- <arquivo.gdb | arquivo.gdb.zip>');
    return 2;
  }
  const url = databaseUrl();
  try {
    await ensureDatabase(url);
  } catch (err) {
    if (err instanceof DatabaseConnectionError || err instanceof PostgisMissingError) {
      console.error(`erro: ${err.message}`);
      return 1;
    }
    throw err;
  }
  const pool = createPool(url, 4);
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) return;
    console.error('\ninterrompendo: descartando o trabalho parcial, o banco não será alterado…');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const result = await importBdgd({
      file,
      pool,
      databaseUrl: url,
      signal: controller.signal,
      onEvent: report,
      extraChecks: [analyseTopologyDefects],
    });
    console.log(
      `\nImportação ${result.idImportado} (${result.nome}) ${result.replaced ? 'substituída' : 'criada'}: ` +
        `${result.features.toLocaleString('pt-BR')} registros em ${result.durationS.toFixed(1)} s ` +
        `(${rate(result.features, result.durationS * 1000)} registros/s)`,
    );
    if (result.ignoredLayers.length > 0) console.log(`Camadas ignoradas: ${result.ignoredLayers.join(', ')}`);
    console.log(result.defects.length === 0 ? 'Defeitos: nenhum' : 'Defeitos:');
    for (const d of result.defects) {
      console.log(
        `  ${d.camada}${d.campo ? `.${d.campo}` : ''}: ${d.tipo} × ${d.quantidade} — ${d.descricao}`,
      );
    }
    return 0;
  } catch (err) {
    if (err instanceof ImportAbortedError) {
      console.error(err.message);
      return 130;
    }
    if (err instanceof BdgdFileError) {
      console.error(`erro: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await pool.end();
  }
}

process.exitCode = await main();
