// JSON schemas (validation + OpenAPI) of the power-flow route.
const num = { type: 'number' } as const;
const nullableNum = { type: ['number', 'null'] } as const;

export const fluxoCargaBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: {
    importacao: {
      type: 'integer',
      minimum: 1,
      description: 'id_importado (padrão: a mais recente com o CTMT)',
    },
    mes: { type: 'integer', minimum: 1, maximum: 12, default: 1, description: 'mês cuja ENE_xx é usada' },
    tipo_dia: { type: 'string', enum: ['DU', 'SA', 'DO'], default: 'DU' },
    hora: {
      type: 'string',
      pattern: '^\\d{1,2}:\\d{2}$',
      default: '19:00',
      description: 'HH:MM (passo de 15 min)',
    },
    periodo: { type: 'string', enum: ['instante', 'dia'], default: 'instante' },
    telemetria: { type: 'boolean', default: true, description: 'usar leituras recentes dos transformadores' },
    formato: { type: 'string', enum: ['json', 'geojson'], default: 'json' },
    geojson: {
      type: 'boolean',
      default: false,
      description:
        'com `formato: "json"`, inclui também `geojson` (a FeatureCollection do mapa) na mesma resposta — ' +
        'um só cálculo para o resumo e o mapa',
    },
    modo: { type: 'string', enum: ['desequilibrado', 'equilibrado'], default: 'desequilibrado' },
    detalhes: { type: 'boolean', default: true, description: 'incluir todas as barras e ramos' },
  },
} as const;

const branch = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    tabela: { type: 'string' },
    cod_id: { type: 'string' },
    nivel: { type: 'string' },
    tipo: { type: 'string' },
    corrente_a: num,
    corrente_jusante_a: num,
    carregamento_pct: num,
    perdas_kw: num,
  },
} as const;

export const fluxoCargaResponse = {
  type: 'object',
  additionalProperties: true,
  properties: {
    ctmt: { type: 'string' },
    id_importado: { type: 'integer' },
    type: { type: 'string' },
    features: { type: 'array', items: { type: 'object', additionalProperties: true } },
    instante: { type: 'object', additionalProperties: true },
    convergiu: { type: 'boolean' },
    iteracoes: {
      type: 'integer',
      description: 'iterações somadas de todas as soluções (uma por rodada de controle)',
    },
    rodadas_controle: {
      type: 'integer',
      description: 'rodadas do controle automático de taps dos reguladores',
    },
    desvio_max_pu: num,
    mensagem: { type: ['string', 'null'] },
    perdas_totais_mw: num,
    perdas_por_segmento: { type: 'object', additionalProperties: num },
    balanco: { type: 'object', additionalProperties: num },
    tensao_min_pu: nullableNum,
    tensao_max_pu: nullableNum,
    carregamento_linhas: { type: 'array', items: branch },
    tensoes_barras: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          barra: { type: 'string' },
          nivel: { type: 'string' },
          kv_base: num,
          va_pu: nullableNum,
          vb_pu: nullableNum,
          vc_pu: nullableNum,
        },
      },
    },
    violacoes_tensao: { type: 'array', items: { type: 'object', additionalProperties: true } },
    sobrecargas: { type: 'array', items: branch },
    taps_reguladores: { type: 'object', additionalProperties: true },
    modelo: { type: 'object', additionalProperties: true },
    defeitos: { type: 'array', items: { type: 'object', additionalProperties: true } },
    telemetria: { type: 'object', additionalProperties: true },
    dia: { type: 'object', additionalProperties: true },
    tempos_ms: { type: 'object', additionalProperties: num },
    geojson: {
      type: 'object',
      additionalProperties: true,
      description: 'FeatureCollection dos trechos (como `formato: "geojson"`), só com `geojson: true`',
    },
  },
} as const;
