// Portuguese labels for BDGD fields shown in asset popups, and the order in which the most useful
// fields come first. Unknown fields fall back to their upper-case BDGD name.

const FIELD_LABELS: Record<string, string> = {
  cod_id: 'Código',
  nome: 'Nome',
  ctmt: 'Alimentador',
  ct_cod_op: 'Código operacional do circuito',
  sub: 'Subestação',
  fas_con: 'Fases',
  fas_con_p: 'Fases do primário',
  fas_con_s: 'Fases do secundário',
  fas_con_t: 'Fases do terciário',
  pot_nom: 'Potência nominal',
  p_n_ope: 'Estado normal',
  tip_unid: 'Tipo de unidade',
  tip_trafo: 'Tipo de transformador',
  tip_regu: 'Tipo de regulador',
  tip_cnd: 'Condutor',
  tip_inst: 'Tipo de instalação',
  comp: 'Comprimento',
  sit_ativ: 'Situação',
  sitcont: 'Situação contábil',
  pac: 'Ponto de acoplamento',
  pac_1: 'Ponto de acoplamento 1',
  pac_2: 'Ponto de acoplamento 2',
  pac_3: 'Ponto de acoplamento 3',
  pn_con_1: 'Poste/estrutura 1',
  pn_con_2: 'Poste/estrutura 2',
  uni_tr_mt: 'Transformador de distribuição',
  uni_tr_d: 'Transformador de distribuição',
  uni_tr_at: 'Transformador da subestação',
  cap_elo: 'Elo fusível',
  cap_cha: 'Capacidade da chave',
  cor_nom: 'Corrente nominal',
  tlcd: 'Telecomandada',
  ten_lin_se: 'Tensão de linha do secundário',
  ten_pri: 'Tensão primária',
  ten_sec: 'Tensão secundária',
  ten_nom: 'Tensão nominal',
  tap: 'Tap',
  conf: 'Configuração',
  posto: 'Posto tarifário',
  per_fer: 'Perda no ferro',
  per_tot: 'Perda total',
  mrt: 'Monofásico com retorno por terra',
  banc: 'Banco',
  atrb_per: 'Atribuição de perdas',
  are_loc: 'Área',
  pos: 'Propriedade',
  odi: 'Ordem de imobilização',
  ti: 'Tipo de unidade de imobilização',
  cm: 'Componente menor',
  conj: 'Conjunto',
  mun: 'Município',
  dist: 'Distribuidora',
  dat_con: 'Data de conexão',
  descr: 'Descrição',
};

/** Fields listed first, in this order; everything else follows alphabetically. */
const PRIORITY_FIELDS = [
  'cod_id',
  'nome',
  'ctmt',
  'p_n_ope',
  'tip_unid',
  'pot_nom',
  'tip_trafo',
  'tip_regu',
  'fas_con',
  'fas_con_p',
  'fas_con_s',
  'tip_cnd',
  'comp',
  'cor_nom',
  'cap_elo',
  'sub',
  'sit_ativ',
];

/** Fields never shown (internal keys and geometry). */
const HIDDEN_FIELDS = new Set([
  'id',
  'id_importado',
  'geom',
  'geom_3857',
  'shape',
  'shape_length',
  'shape_area',
]);

const UNITS: Record<string, string> = { comp: 'm', per_fer: 'W', per_tot: 'W', ten_lin_se: 'kV' };

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field.toLowerCase()] ?? field.toUpperCase();
}

export function isVisibleField(field: string): boolean {
  return !HIDDEN_FIELDS.has(field.toLowerCase());
}

/** True for the fields an operator needs first; the rest go under "more attributes". */
export function isPrimaryField(field: string): boolean {
  return PRIORITY_FIELDS.includes(field.toLowerCase());
}

export function sortFields(fields: string[]): string[] {
  const rank = (f: string) => {
    const i = PRIORITY_FIELDS.indexOf(f.toLowerCase());
    return i === -1 ? PRIORITY_FIELDS.length : i;
  };
  return [...fields].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Reference fields where BDGD writes `'0'` for "not informed / not applicable". */
const ZERO_MEANS_BLANK = new Set(['pac_3', 'fas_con_t', 'uni_tr_at', 'uni_tr_mt']);

/** BDGD blanks are a single space; `'0'` in some reference fields means "not informed". */
export function isBlankValue(value: unknown, field = ''): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value !== 'string') return false;
  const text = value.trim();
  return text === '' || (text === '0' && ZERO_MEANS_BLANK.has(field.toLowerCase()));
}

const numberFormat = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 2 });

export function formatValue(field: string, value: unknown): string {
  const unit = UNITS[field.toLowerCase()];
  if (typeof value === 'number') {
    if (field.toLowerCase() === 'pot_nom') return `${numberFormat.format(value)} kVA`;
    return unit ? `${numberFormat.format(value)} ${unit}` : numberFormat.format(value);
  }
  if (typeof value === 'boolean') return value ? 'Sim' : 'Não';
  return String(value).trim();
}

export function formatNumber(value: number, decimals = 1): string {
  return new Intl.NumberFormat('pt-BR', { maximumFractionDigits: decimals, minimumFractionDigits: 0 }).format(
    value,
  );
}
