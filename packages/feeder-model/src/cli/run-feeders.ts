// npm run fluxo -- [--importacao N] [--ctmt COD | --todos] [--mes 1-12] [--dia DU|SA|DO] [--hora HH:MM] [--96]
// Runs the power flow of one feeder or of every feeder of an import, with progress on stderr and a summary
// line per feeder on stdout (TSV). Ctrl-C stops after the feeder in progress and prints what was done.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { listFeeders, readImportCatalogue } from '../load/read-feeder.ts';
import type { DayType } from '../model/calendar.ts';
import { stepOfTime } from '../model/load-allocation.ts';
import { runFeeder } from '../run-feeder.ts';

const { values } = parseArgs({
  options: {
    importacao: { type: 'string' },
    ctmt: { type: 'string' },
    todos: { type: 'boolean', default: false },
    mes: { type: 'string', default: '1' },
    dia: { type: 'string', default: 'DU' },
    hora: { type: 'string', default: '19:00' },
    '96': { type: 'boolean', default: false },
  },
});

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@localhost:5432/rede_eletrica',
  max: 2,
});
let stop = false;
process.on('SIGINT', () => {
  if (stop) process.exit(130);
  stop = true;
  process.stderr.write('\ninterrompido: terminando o alimentador em curso (Ctrl-C de novo para sair já)\n');
});

try {
  const id =
    values.importacao !== undefined
      ? Number(values.importacao)
      : ((await pool.query<{ id: number }>('SELECT max(id_importado)::int AS id FROM importados')).rows[0]
          ?.id ?? 0);
  const feeders = values.todos || !values.ctmt ? await listFeeders(pool, id) : [values.ctmt];
  const catalogue = await readImportCatalogue(pool, id);
  const started = performance.now();
  process.stdout.write(
    'ctmt\tconvergiu\titeracoes\trodadas_controle\tfonte_kw\tperdas_kw\tv_min_pu\tviolacoes\tsobrecargas\tdefeitos\tleitura_ms\tmodelo_ms\tmontagem_ms\tsolucao_ms\tperdas_dia_mwh\tdeclarado_dia_mwh\tdia_ms\n',
  );
  let done = 0;
  let failed = 0;
  for (const ctmt of feeders) {
    if (stop) break;
    try {
      const r = await runFeeder(pool, id, ctmt, {
        month: Number(values.mes),
        dayType: values.dia as DayType,
        step: stepOfTime(values.hora ?? '19:00'),
        day: values['96'],
        catalogue,
        includeBuses: false,
        includeBranches: false,
      });
      const s = r.resultado;
      const t = r.tempos_ms;
      process.stdout.write(
        `${[
          ctmt,
          s.convergiu,
          s.iteracoes,
          s.rodadas_controle,
          s.balanco.fonte_kw.toFixed(1),
          s.balanco.perdas_kw.toFixed(1),
          s.tensao_min_pu,
          s.violacoes_tensao.length,
          s.sobrecargas.length,
          r.model.defects.reduce((a, d) => a + d.quantidade, 0),
          t.leitura.toFixed(0),
          t.modelo.toFixed(0),
          t.montagem.toFixed(0),
          t.solucao.toFixed(0),
          r.dia?.perdas_dia_mwh ?? '',
          r.dia?.declarado.perdas_tecnicas_dia_mwh ?? '',
          r.dia?.tempo_solucao_ms.toFixed(0) ?? '',
        ].join('\t')}\n`,
      );
      if (!s.convergiu) failed++;
    } catch (error) {
      failed++;
      process.stderr.write(`${ctmt}: erro: ${(error as Error).message}\n`);
    }
    done++;
    const elapsed = (performance.now() - started) / 1000;
    process.stderr.write(
      `\r[${done}/${feeders.length}] ${ctmt} — ${elapsed.toFixed(1)} s, restam ~${((elapsed / done) * (feeders.length - done)).toFixed(0)} s   `,
    );
  }
  process.stderr.write(
    `\n${done} de ${feeders.length} alimentadores em ${((performance.now() - started) / 1000).toFixed(1)} s; ${failed} sem convergência/erro${stop ? ' (interrompido)' : ''}\n`,
  );
} finally {
  await pool.end();
}
