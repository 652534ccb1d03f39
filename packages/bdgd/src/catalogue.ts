// The BDGD layers this project stores: one PostgreSQL table per layer, as the design brief lists them
// (tables `entgeo` and `enttab`), plus the layer names each vintage/edition of BDGD uses for it.

export type GeometryKind = 'Point' | 'MultiLineString' | 'MultiPolygon';

export interface LayerEntry {
  /** Physical table name (the brief's `sigla`). */
  table: string;
  /** Entity name in Portuguese (the brief's `nome`). */
  name: string;
  /** Layer names that hold this table in a file geodatabase, most recent first (case-insensitive). */
  sourceNames: string[];
  /** Geometry kind for spatial layers; undefined for tabular ones. */
  geometry?: GeometryKind;
  description: string;
}

const spatial = (
  table: string,
  name: string,
  geometry: GeometryKind,
  sourceNames: string[],
  description: string,
): LayerEntry => ({ table, name, geometry, sourceNames, description });
const tabular = (table: string, name: string, sourceNames: string[], description: string): LayerEntry => ({
  table,
  name,
  sourceNames,
  description,
});

export const LAYERS: readonly LayerEntry[] = [
  spatial('sub', 'Subestação', 'MultiPolygon', ['SUB'], 'Polígono da subestação'),
  spatial(
    'ucbt',
    'Unidade Consumidora de Baixa Tensão',
    'Point',
    ['UCBT'],
    'Consumidores BT com localização (edição não pública)',
  ),
  spatial(
    'ucmt',
    'Unidade Consumidora de Média Tensão',
    'Point',
    ['UCMT'],
    'Consumidores MT com localização (edição não pública)',
  ),
  spatial(
    'ucat',
    'Unidade Consumidora de Alta Tensão',
    'Point',
    ['UCAT'],
    'Consumidores AT com localização (edição não pública)',
  ),
  spatial(
    'ugbt',
    'Unidade Geradora de Baixa Tensão',
    'Point',
    ['UGBT'],
    'Geração BT com localização (edição não pública)',
  ),
  spatial(
    'ugmt',
    'Unidade Geradora de Média Tensão',
    'Point',
    ['UGMT'],
    'Geração MT com localização (edição não pública)',
  ),
  spatial(
    'ugat',
    'Unidade Geradora de Alta Tensão',
    'Point',
    ['UGAT'],
    'Geração AT com localização (edição não pública)',
  ),
  spatial('ponnot', 'Ponto Notável', 'Point', ['PONNOT'], 'Postes, estruturas e derivações'),
  spatial(
    'ssdbt',
    'Segmento do Sistema de Distribuição de Baixa Tensão',
    'MultiLineString',
    ['SSDBT'],
    'Trechos de rede BT',
  ),
  spatial(
    'ssdmt',
    'Segmento do Sistema de Distribuição de Média Tensão',
    'MultiLineString',
    ['SSDMT'],
    'Trechos de rede MT',
  ),
  spatial(
    'ssdat',
    'Segmento do Sistema de Distribuição de Alta Tensão',
    'MultiLineString',
    ['SSDAT'],
    'Trechos de rede AT',
  ),
  spatial(
    'uncrbt',
    'Unidade Compensadora de Reativo de Baixa Tensão',
    'Point',
    ['UNCRBT'],
    'Bancos de capacitores BT',
  ),
  spatial(
    'uncrmt',
    'Unidade Compensadora de Reativo de Média Tensão',
    'Point',
    ['UNCRMT'],
    'Bancos de capacitores MT',
  ),
  spatial(
    'uncrat',
    'Unidade Compensadora de Reativo de Alta Tensão',
    'Point',
    ['UNCRAT'],
    'Bancos de capacitores AT',
  ),
  spatial(
    'unremt',
    'Unidade Reguladora de Média Tensão',
    'Point',
    ['UNREMT'],
    'Bancos reguladores de tensão MT',
  ),
  spatial(
    'unreat',
    'Unidade Reguladora de Alta Tensão',
    'Point',
    ['UNREAT'],
    'Bancos reguladores de tensão AT',
  ),
  spatial('unsebt', 'Unidade Seccionadora de Baixa Tensão', 'Point', ['UNSEBT'], 'Chaves e proteções BT'),
  spatial(
    'unsemt',
    'Unidade Seccionadora de Média Tensão',
    'Point',
    ['UNSEMT'],
    'Chaves, fusíveis, disjuntores e religadores MT',
  ),
  spatial('unseat', 'Unidade Seccionadora de Alta Tensão', 'Point', ['UNSEAT'], 'Chaves e disjuntores AT'),
  spatial(
    'untrs',
    'Unidade Transformadora de Subestação',
    'Point',
    ['UNTRAT', 'UNTRS'],
    'Transformadores AT/MT (camada UNTRAT nos arquivos públicos recentes)',
  ),
  spatial(
    'untrd',
    'Unidade Transformadora de Distribuição',
    'Point',
    ['UNTRMT', 'UNTRD'],
    'Transformadores MT/BT (camada UNTRMT nos arquivos públicos recentes)',
  ),
  spatial('conj', 'Conjunto', 'MultiPolygon', ['CONJ'], 'Conjuntos de unidades consumidoras (continuidade)'),
  spatial('arat', 'Área de Atuação', 'MultiPolygon', ['ARAT'], 'Área de atuação da distribuidora'),

  tabular('ramlig', 'Ramal de Ligação', ['RAMLIG'], 'Ramais de ligação BT (sem geometria)'),
  tabular('bar', 'Barramento', ['BAR'], 'Barramentos de subestação'),
  tabular('ctat', 'Circuito de Alta Tensão', ['CTAT'], 'Circuitos AT'),
  tabular('ctmt', 'Circuito de Média Tensão', ['CTMT'], 'Alimentadores MT (PAC_INI = início do alimentador)'),
  tabular('eqme', 'Equipamento Medidor', ['EQME'], 'Medidores'),
  tabular('eqre', 'Equipamento Regulador', ['EQRE'], 'Reguladores monofásicos de cada banco'),
  tabular('eqse', 'Equipamento Seccionador', ['EQSE'], 'Polos de chaves e proteções'),
  tabular(
    'eqtrs',
    'Equipamento Transformador de Subestação',
    ['EQTRAT', 'EQTRS'],
    'Placas de transformadores AT/MT (camada EQTRAT nos arquivos públicos recentes)',
  ),
  tabular(
    'eqtrd',
    'Equipamento Transformador de Distribuição',
    ['EQTRMT', 'EQTRD'],
    'Placas de transformadores MT/BT (camada EQTRMT nos arquivos públicos recentes)',
  ),
  tabular('eqtrm', 'Equipamento Transformador de Medida', ['EQTRM'], 'TCs e TPs'),
  tabular('eqcr', 'Equipamento Compensador de Reativo', ['EQCR'], 'Unidades capacitivas'),
  tabular('eqsiat', 'Equipamento Sistema de Aterramento', ['EQSIAT'], 'Aterramentos'),
  tabular(
    'eqtrsx',
    'Equipamento Transformador de Serviço Auxiliar',
    ['EQTRSX'],
    'Transformadores de serviço auxiliar',
  ),
  tabular('segcon', 'Segmento Condutor', ['SEGCON'], 'Tipos de condutor (R1, X1, CNOM, CMAX)'),
  tabular('indger', 'Indicadores Gerenciais', ['INDGER'], 'Indicadores gerenciais'),
  tabular('base', 'Base', ['BASE'], 'Cabeçalho do arquivo (distribuidora, período)'),
  tabular('bay', 'Bay', ['BAY'], 'Bays de subestação'),
  tabular('pip', 'Ponto de Iluminação Pública', ['PIP'], 'Iluminação pública'),
  tabular('be', 'Balanço de Energia', ['BE'], 'Balanço de energia da distribuidora (MWh)'),
  tabular('ep', 'Energia Passante', ['EP'], 'Energia passante entre níveis (MWh)'),
  tabular('pt', 'Perda Técnica', ['PT'], 'Perdas técnicas (MWh)'),
  tabular('pnt', 'Perda Não Técnica', ['PNT'], 'Perdas não técnicas (MWh)'),
  tabular(
    'ucbt_tab',
    'Unidade Consumidora de Baixa Tensão',
    ['UCBT_tab'],
    'Consumidores BT (edição pública, sem geometria)',
  ),
  tabular(
    'ucmt_tab',
    'Unidade Consumidora de Média Tensão',
    ['UCMT_tab'],
    'Consumidores MT (edição pública, sem geometria)',
  ),
  tabular(
    'ucat_tab',
    'Unidade Consumidora de Alta Tensão',
    ['UCAT_tab'],
    'Consumidores AT (edição pública, sem geometria)',
  ),
  tabular(
    'ugbt_tab',
    'Unidade Geradora de Baixa Tensão',
    ['UGBT_tab'],
    'Geração distribuída BT (edição pública)',
  ),
  tabular('ugmt_tab', 'Unidade Geradora de Média Tensão', ['UGMT_tab'], 'Geração MT (edição pública)'),
  tabular('ugat_tab', 'Unidade Geradora de Alta Tensão', ['UGAT_tab'], 'Geração AT (edição pública)'),
  // Not in the brief's list, but every real file has it and the power flow needs it.
  tabular(
    'crvcrg',
    'Curva de Carga',
    ['CRVCRG'],
    'Curvas de carga típicas (96 pontos de 15 min por TIP_CC e tipo de dia)',
  ),
];

/**
 * Layers a file must contain to be accepted as a BDGD. A geodatabase can open without error and still lack
 * one of these; consumers may come as the spatial UCBT (private edition) or UCBT_tab (public edition).
 */
export const REQUIRED_TABLES: readonly (string | readonly string[])[] = [
  'base',
  'ctmt',
  'segcon',
  'ssdmt',
  'ssdbt',
  'unsemt',
  'untrd',
  'eqtrd',
  'ramlig',
  ['ucbt_tab', 'ucbt'],
];

/** Branch tables: their PAC_1/PAC_2 are the network's nodes (segments, drops, switches, regulators, transformers). */
export const BRANCH_TABLES = [
  'ssdmt',
  'ssdbt',
  'ssdat',
  'ramlig',
  'unsemt',
  'unsebt',
  'unseat',
  'unremt',
  'unreat',
  'untrd',
  'untrs',
] as const;

/** Aliases kept as views so that both spellings work in SQL (e.g. `untrmt` for `untrd`). */
export const TABLE_ALIASES: Readonly<Record<string, string>> = {
  untrmt: 'untrd',
  untrat: 'untrs',
  eqtrmt: 'eqtrd',
  eqtrat: 'eqtrs',
};

const bySourceName = new Map<string, LayerEntry>();
for (const layer of LAYERS)
  for (const source of layer.sourceNames) bySourceName.set(source.toUpperCase(), layer);

/** Catalogue entry for a layer name found in a file, or undefined when the layer is not a BDGD layer. */
export function layerForSourceName(sourceName: string): LayerEntry | undefined {
  return bySourceName.get(sourceName.toUpperCase());
}

export function layerForTable(table: string): LayerEntry | undefined {
  return LAYERS.find((layer) => layer.table === table);
}
