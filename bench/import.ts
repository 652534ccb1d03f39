// Import benchmark: `npm run bench:import -- <file.gdb|file.gdb.zip> [...]`
// Imports each file into a scratch database (`rede_eletrica_bench_import`, recreated) and prints the time per
// phase and the rate in features per second (all layers' rows / wall time).

import { importBdgd } from '../packages/bdgd/src/import/import-bdgd.ts';
import { analyseTopologyDefects } from '../packages/bdgd/src/topology/import-check.ts';
import { freshDatabase } from '../scripts/test-database.ts';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('uso: npm run bench:import -- <arquivo.gdb | arquivo.gdb.zip> [...]');
  process.exit(2);
}
const db = await freshDatabase('bench_import');
try {
  for (const file of files) {
    const phases: Array<[string, number]> = [];
    let mark = performance.now();
    const lap = (name: string) => {
      const now = performance.now();
      phases.push([name, (now - mark) / 1000]);
      mark = now;
    };
    const result = await importBdgd({
      file,
      pool: db.pool,
      databaseUrl: db.url,
      extraChecks: [analyseTopologyDefects],
      onEvent: (event) => {
        if (event.kind === 'inspected') lap('abrir o arquivo');
        if (event.kind === 'staged') lap('copiar camadas (ogr2ogr → COPY)');
        if (event.kind === 'phase') {
          const names: Record<string, string> = {
            partitions: '',
            generalization: 'montar partições e índices',
            defects: 'generalizar a rede',
            swap: 'defeitos (SQL) ‖ topologia',
          };
          if (names[event.name]) lap(names[event.name] as string);
        }
      },
    });
    lap('publicar (transação) + ANALYZE');
    console.log(`\n${result.nome}`);
    for (const [name, seconds] of phases) console.log(`  ${name.padEnd(34)} ${seconds.toFixed(2)} s`);
    console.log(
      `  total: ${result.features.toLocaleString('pt-BR')} registros em ${result.durationS.toFixed(1)} s = ` +
        `${Math.round(result.features / result.durationS).toLocaleString('pt-BR')} registros/s ` +
        `(segmentos MT+BT: ${((result.counts.ssdmt ?? 0) + (result.counts.ssdbt ?? 0)).toLocaleString('pt-BR')})`,
    );
  }
} finally {
  await db.close();
}
