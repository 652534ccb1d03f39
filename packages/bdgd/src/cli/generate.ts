// CLI: gera uma BDGD sintética (File Geodatabase) — `npm run generate -- --help`.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { writeTruncatedCopy } from '../synthetic/archive.ts';
import type { DefectOptions } from '../synthetic/defects.ts';
import { type GenerateOptions, generateBdgd } from '../synthetic/generate.ts';
import { BDGD_LAYER_NAMES, type LayerName } from '../synthetic/schema.ts';

const USAGE = `Uso: npm run generate -- [opções]

Gera uma BDGD sintética (Esri File Geodatabase, mesmo leiaute das BDGD públicas de 2024).

Tamanho:
  --saida DIR                  diretório de saída (padrão: ./bdgd-sintetica)
  --nome NOME                  nome base do .gdb (padrão: Sintetica_<DIST>_<ano>-12-31_V11_seed<semente>)
  --seed N                     semente (padrão: 1); mesma semente ⇒ mesmo arquivo
  --feeders N                  número de alimentadores (padrão: 2)
  --segments-per-feeder N      vãos de MT por alimentador (padrão: 120)
  --segments TOTAL             total aproximado de vãos MT+BT; define o número de alimentadores
  --feeders-per-substation N   alimentadores por subestação (padrão: 6)
  --zip                        também grava <nome>.gdb.zip
  --truncated-zip FRACAO       também grava <nome>.truncado.gdb.zip com essa fração do zip (implica --zip)
  --manifest ARQUIVO           grava o manifesto (contagens) em JSON

Defeitos (para testes de entradas inválidas; CAMADA:N = N linhas da camada):
  --drop-layer CAMADA          omite a camada (repetível)
  --duplicate-cod-id CAMADA:N  N linhas com COD_ID repetido
  --invalid-geometry CAMADA:N[:empty|null|degenerate]
  --dangling-pac CAMADA:N      PAC (ou PAC_2) apontando para nó inexistente
  --unknown-ctmt CAMADA:N      CTMT inexistente
`;

function layerName(text: string): LayerName {
  if (!(BDGD_LAYER_NAMES as readonly string[]).includes(text))
    throw new Error(`camada desconhecida: ${text}`);
  return text as LayerName;
}

function layerCount(text: string): { layer: LayerName; count: number; extra: string | undefined } {
  const [layer = '', count = '1', extra] = text.split(':');
  const n = Number(count);
  if (!Number.isInteger(n) || n < 1) throw new Error(`quantidade inválida em "${text}"`);
  return { layer: layerName(layer), count: n, extra };
}

function positiveInt(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${option} deve ser um inteiro positivo`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      saida: { type: 'string' },
      output: { type: 'string' },
      nome: { type: 'string' },
      seed: { type: 'string' },
      feeders: { type: 'string' },
      'segments-per-feeder': { type: 'string' },
      segments: { type: 'string' },
      'mv-segments': { type: 'string' },
      'feeders-per-substation': { type: 'string' },
      zip: { type: 'boolean' },
      'truncated-zip': { type: 'string' },
      manifest: { type: 'string' },
      'drop-layer': { type: 'string', multiple: true },
      'duplicate-cod-id': { type: 'string', multiple: true },
      'invalid-geometry': { type: 'string', multiple: true },
      'dangling-pac': { type: 'string', multiple: true },
      'unknown-ctmt': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const defects: DefectOptions = {
    dropLayers: (values['drop-layer'] ?? []).map(layerName),
    duplicateCodIds: (values['duplicate-cod-id'] ?? []).map(layerCount),
    invalidGeometries: (values['invalid-geometry'] ?? []).map((text) => {
      const { layer, count, extra } = layerCount(text);
      if (extra !== undefined && extra !== 'empty' && extra !== 'null' && extra !== 'degenerate')
        throw new Error(`tipo de geometria inválida desconhecido: ${extra}`);
      return { layer, count, kind: extra ?? 'empty' };
    }),
    danglingPacs: (values['dangling-pac'] ?? []).map(layerCount),
    unknownCtmt: (values['unknown-ctmt'] ?? []).map(layerCount),
  };
  const truncated = values['truncated-zip'] === undefined ? undefined : Number(values['truncated-zip']);
  if (truncated !== undefined && !(truncated > 0 && truncated < 1))
    throw new Error('--truncated-zip deve estar entre 0 e 1');
  const options: GenerateOptions = {
    outputDir: values.saida ?? values.output ?? 'bdgd-sintetica',
    zip: Boolean(values.zip) || truncated !== undefined,
    defects,
    onProgress: (message) => console.log(message),
  };
  if (values.nome) options.name = values.nome;
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined) {
    if (!Number.isInteger(seed) || seed < 0) throw new Error('--seed deve ser um inteiro ≥ 0');
    options.seed = seed;
  }
  const feeders = positiveInt(values.feeders, 'feeders');
  if (feeders !== undefined) options.feeders = feeders;
  const perFeeder = positiveInt(values['segments-per-feeder'], 'segments-per-feeder');
  if (perFeeder !== undefined) options.mvSegmentsPerFeeder = perFeeder;
  const total = positiveInt(values.segments, 'segments');
  if (total !== undefined) options.totalSegments = total;
  const mvTotal = positiveInt(values['mv-segments'], 'mv-segments');
  if (mvTotal !== undefined) {
    const per = options.mvSegmentsPerFeeder ?? 400;
    options.mvSegmentsPerFeeder = per;
    options.feeders = Math.max(1, Math.round(mvTotal / per));
  }
  const perSub = positiveInt(values['feeders-per-substation'], 'feeders-per-substation');
  if (perSub !== undefined) options.feedersPerSubstation = perSub;

  const result = await generateBdgd(options);
  if (truncated !== undefined && result.zipPath) {
    const target = result.zipPath.replace(/\.gdb\.zip$/, '.truncado.gdb.zip');
    const bytes = writeTruncatedCopy(result.zipPath, target, truncated);
    console.log(`zip truncado: ${target} (${bytes} bytes)`);
  }
  const t = result.totals;
  console.log(
    `concluído em ${(result.timings.totalMs / 1000).toFixed(1)} s: ${t.feeders} alimentadores, ${t.mvSegments} vãos MT, ` +
      `${t.lvSegments} vãos BT, ${t.serviceDrops} ramais, ${t.transformers} transformadores, ${t.lvConsumers} UC BT`,
  );
  console.log(`geodatabase: ${result.gdbPath} (${(result.gdbBytes / 1e6).toFixed(1)} MB)`);
  if (result.zipPath) console.log(`zip: ${result.zipPath} (${((result.zipBytes ?? 0) / 1e6).toFixed(1)} MB)`);
  if (result.defects.length > 0) console.log(`defeitos injetados: ${result.defects.length}`);
  if (values.manifest) {
    writeFileSync(values.manifest, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`manifesto: ${values.manifest}`);
  }
}

main().catch((error: unknown) => {
  console.error(`erro: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
