// npm run fluxo -- [--importacao N] [--ctmt COD | --todos] [--mes 1-12] [--dia DU|SA|DO] [--hora HH:MM] [--96]
//                   [--ano]   (--ano: 12 meses × 3 tipos de dia, perdas anuais × PERD_* declaradas do CTMT)
//                   [--workers N] [--lote N]   (--todos: threads de cálculo, padrão = núcleos + 1; alimentadores
//                   lidos por consulta, padrão 16)
// Runs the power flow of one feeder or of every feeder of an import, with progress on stderr and a summary
// line per feeder on stdout (TSV). --todos (instant/day) runs in a worker-thread pool with bulk reads
// (src/bulk/run-all.ts): the lines come in completion order. Ctrl-C stops after the feeders in progress,
// prints what was done and exits with 130 (a second Ctrl-C exits at once).
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type BulkFeederResult, runAllFeeders } from '../bulk/run-all.ts';
import { listFeeders, readImportCatalogue } from '../load/read-feeder.ts';
import type { DayType } from '../model/calendar.ts';
import { stepOfTime } from '../model/load-allocation.ts';
import { runFeeder } from '../run-feeder.ts';
import { runYear } from '../run-year.ts';

const { values } = parseArgs({
  options: {
    importacao: { type: 'string' },
    ctmt: { type: 'string' },
    todos: { type: 'boolean', default: false },
    mes: { type: 'string', default: '1' },
    dia: { type: 'string', default: 'DU' },
    hora: { type: 'string', default: '19:00' },
    '96': { type: 'boolean', default: false },
    ano: { type: 'boolean', default: false },
    workers: { type: 'string' },
    lote: { type: 'string' },
  },
});

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@localhost:5432/rede_eletrica';
const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
const interrupt = new AbortController();
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
  process.stderr.write(
    '\ninterrompido: terminando os alimentadores em curso (Ctrl-C de novo para sair já)\n',
  );
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
  if (values.ano) {
    process.stdout.write(
      'ctmt\tano\tenergia_fonte_mwh\tenergia_declarada_mwh\tperdas_mwh\tperdas_declaradas_mwh\tperdas_pct_fonte\tperdas_pct_declarada\tpassos_sem_convergencia\tperdas_linhas_mt_mwh\tperdas_linhas_bt_mwh\tperdas_ramais_mwh\tperdas_transformadores_mwh\ttempo_s\n',
    );
    for (const ctmt of feeders) {
      if (interrupt.signal.aborted) break;
      const y = await runYear(pool, id, ctmt, { catalogue });
      process.stdout.write(
        `${[
          ctmt,
          y.ano,
          y.energia_fonte_anual_mwh.toFixed(1),
          y.declarado.energia_injetada_anual_mwh.toFixed(1),
          y.perdas_anuais_mwh.toFixed(1),
          y.declarado.perdas_tecnicas_anuais_mwh.toFixed(1),
          y.perdas_pct_da_fonte.toFixed(2),
          y.declarado.perdas_pct_da_energia.toFixed(2),
          y.passos_sem_convergencia,
          y.perdas_anuais_por_segmento_mwh.linhas_mt_mwh.toFixed(1),
          y.perdas_anuais_por_segmento_mwh.linhas_bt_mwh.toFixed(1),
          y.perdas_anuais_por_segmento_mwh.ramais_mwh.toFixed(1),
          y.perdas_anuais_por_segmento_mwh.transformadores_mwh.toFixed(1),
          (y.tempo_ms / 1000).toFixed(1),
        ].join('\t')}\n`,
      );
      for (const d of y.dias)
        process.stderr.write(
          `${ctmt} ${String(d.mes).padStart(2, '0')} ${d.tipo_dia} ×${d.dias}: fonte ${d.energia_fonte_mwh} MWh, perdas ${d.perdas_mwh} MWh\n`,
        );
    }
  } else {
    process.stdout.write(
      'ctmt\tconvergiu\titeracoes\trodadas_controle\tfonte_kw\tperdas_kw\tv_min_pu\tviolacoes\tsobrecargas\tdefeitos\tleitura_ms\tmodelo_ms\tmontagem_ms\tsolucao_ms\tperdas_dia_mwh\tdeclarado_dia_mwh\tdia_ms\n',
    );
    const run = {
      month: Number(values.mes),
      dayType: values.dia as DayType,
      step: stepOfTime(values.hora ?? '19:00'),
      day: values['96'],
      includeBuses: false,
      includeBranches: false,
    };
    let done = 0;
    let failed = 0;
    const sums = { leitura: 0, modelo: 0, montagem: 0, solucao: 0 };
    const report = (r: BulkFeederResult) => {
      done++;
      const s = r.resultado;
      if (!s) {
        failed++;
        process.stderr.write(`\n${r.ctmt}: erro: ${r.erro ?? 'desconhecido'}\n`);
      } else {
        const t = r.tempos_ms;
        for (const k of ['leitura', 'modelo', 'montagem', 'solucao'] as const) sums[k] += t[k];
        process.stdout.write(
          `${[
            r.ctmt,
            s.convergiu,
            s.iteracoes,
            s.rodadas_controle,
            s.balanco.fonte_kw.toFixed(1),
            s.balanco.perdas_kw.toFixed(1),
            s.tensao_min_pu,
            s.violacoes_tensao.length,
            s.sobrecargas.length,
            r.defeitos,
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
      }
      const elapsed = (performance.now() - started) / 1000;
      process.stderr.write(
        `\r[${done}/${feeders.length}] ${r.ctmt} — ${elapsed.toFixed(1)} s, restam ~${((elapsed / done) * (feeders.length - done)).toFixed(0)} s   `,
      );
    };
    if (values.todos || !values.ctmt) {
      const workers = values.workers !== undefined ? Number(values.workers) : undefined;
      await runAllFeeders({
        databaseUrl,
        idImportado: id,
        feeders,
        run,
        ...(workers !== undefined ? { workers } : {}),
        ...(values.lote !== undefined ? { chunkSize: Number(values.lote) } : {}),
        onResult: report,
        signal: interrupt.signal,
      });
    } else {
      for (const ctmt of feeders) {
        try {
          const r = await runFeeder(pool, id, ctmt, { ...run, catalogue });
          report({
            ctmt,
            resultado: r.resultado,
            ...(r.dia ? { dia: r.dia } : {}),
            defeitos: r.model.defects.reduce((a, d) => a + d.quantidade, 0),
            counts: r.model.counts,
            tempos_ms: r.tempos_ms,
            regulatorTaps: r.regulatorTaps,
          });
        } catch (error) {
          report({
            ctmt,
            defeitos: 0,
            counts: {},
            tempos_ms: { leitura: 0, modelo: 0, montagem: 0, solucao: 0 },
            regulatorTaps: {},
            erro: (error as Error).message,
          });
        }
      }
    }
    const seconds = (ms: number) => (ms / 1000).toFixed(1);
    process.stderr.write(
      `\n${done} de ${feeders.length} alimentadores em ${seconds(performance.now() - started)} s; ${failed} sem convergência/erro${interrupt.signal.aborted ? ' (interrompido)' : ''}\n` +
        `tempo somado por fase: leitura ${seconds(sums.leitura)} s, modelo ${seconds(sums.modelo)} s, montagem ${seconds(sums.montagem)} s, solução ${seconds(sums.solucao)} s\n`,
    );
  }
  if (interrupt.signal.aborted) process.exitCode = 130;
} finally {
  await pool.end();
}
