// BDGD rows as read from the database (lower-case BDGD field names, blank strings already NULL).
// Only the fields the electrical model needs. Pure data: no I/O here.

export interface FeederRow {
  cod_id: string;
  nome: string | null;
  pac_ini: string;
  ten_nom: string | null;
  ten_ope: number | null;
  /** ENE_01..ENE_12, kWh injected at the head per month. */
  ene: number[];
  perd_a4: number | null;
  perd_b: number | null;
  perd_a4_b: number | null;
  perd_med: number | null;
  /** PNTMT_xx + PNTBT_xx, kWh per month (non-technical losses). */
  pnt: number[];
}

export interface SegmentRow {
  table: 'ssdmt' | 'ssdbt' | 'ramlig';
  id: number;
  cod_id: string | null;
  pac_1: string | null;
  pac_2: string | null;
  fas_con: string | null;
  tip_cnd: string | null;
  comp: number | null;
  pos: string | null;
  /** GeoJSON geometry (EPSG:4674), only when requested. */
  geometry?: unknown;
}

export interface SwitchRow {
  id: number;
  cod_id: string | null;
  pac_1: string | null;
  pac_2: string | null;
  fas_con: string | null;
  p_n_ope: string | null;
  tip_unid: string | null;
  cor_nom: string | null;
}

export interface TransformerEquipmentRow {
  pot_nom: string | null;
  ten_pri: string | null;
  ten_sec: string | null;
  per_fer: number | null;
  per_tot: number | null;
  r: number | null;
  xhl: number | null;
  lig_fas_p: string | null;
  lig_fas_s: string | null;
  lig_fas_t: string | null;
}

export interface TransformerRow {
  id: number;
  cod_id: string;
  pac_1: string | null;
  pac_2: string | null;
  fas_con_p: string | null;
  fas_con_s: string | null;
  fas_con_t: string | null;
  tip_trafo: string | null;
  pot_nom: number | null;
  per_fer: number | null;
  per_tot: number | null;
  ten_lin_se: number | null;
  tap: number | null;
  pos: string | null;
  equipment: TransformerEquipmentRow[];
  geometry?: unknown;
}

export interface RegulatorEquipmentRow {
  pot_nom: string | null;
  ten_reg: number | null;
  lig_fas_p: string | null;
  lig_fas_s: string | null;
  cor_nom: string | null;
  rel_tp: string | null;
}

export interface RegulatorRow {
  id: number;
  cod_id: string;
  pac_1: string | null;
  pac_2: string | null;
  fas_con: string | null;
  tip_regu: string | null;
  equipment: RegulatorEquipmentRow[];
}

export interface CapacitorRow {
  id: number;
  cod_id: string;
  pac_1: string | null;
  pac_2: string | null;
  fas_con: string | null;
  pot_nom: string | null;
}

export interface ConductorRow {
  cod_id: string;
  r1: number | null;
  x1: number | null;
  cnom: number | null;
  cmax_bdgd: number | null;
}

export interface ConsumerRow {
  table: 'ucbt_tab' | 'ucmt_tab' | 'pip';
  id: number;
  cod_id: string | null;
  pac: string | null;
  fas_con: string | null;
  tip_cc: string | null;
  /** ENE_01..ENE_12, kWh per month. */
  ene: number[];
}

export interface GeneratorRow {
  table: 'ugbt_tab' | 'ugmt_tab';
  id: number;
  cod_id: string | null;
  pac: string | null;
  fas_con: string | null;
  pot_inst: number | null;
  ene: number[];
}

export interface LoadCurveRow {
  cod_id: string;
  /** DU weekday, SA Saturday, DO Sunday/holiday. */
  tip_dia: string;
  /** POT_01..POT_96, kW per 15-minute interval (POT_01 = 00:00–00:15). */
  pot: number[];
}

/** Everything read for one feeder. */
export interface FeederRows {
  idImportado: number;
  /** Year of the BDGD (from BASE.DAT_FNL / the file name), for the calendar. */
  year: number;
  feeder: FeederRow;
  segments: SegmentRow[];
  switches: SwitchRow[];
  transformers: TransformerRow[];
  regulators: RegulatorRow[];
  capacitors: CapacitorRow[];
  conductors: ConductorRow[];
  consumers: ConsumerRow[];
  generators: GeneratorRow[];
  curves: LoadCurveRow[];
}
