// ANEEL code tables (DDA domains) shipped as CSV in packages/bdgd/codes, and the BDGD fields that use them.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

export const CODES_DIR = fileURLToPath(new URL('../codes/', import.meta.url));

export interface CodeEntry {
  code: string;
  description: string | null;
  /** Physical value where the table has one (volts, kVA, kvar, amperes, ohm/km…). */
  value: number | null;
}

export interface CodeTable {
  domain: string;
  file: string;
  entries: CodeEntry[];
  byCode: Map<string, CodeEntry>;
}

interface DomainSpec {
  domain: string;
  /** Column holding the code as BDGD files write it. */
  codeColumn?: string;
  descriptionColumn?: string;
  valueColumn?: string;
  /** Unit of `value`; tables without a description get one from value and unit (e.g. "400 A"). */
  unit?: string;
}

/** File prefix → domain. The prefix is the CSV file name up to the English suffix. */
const DOMAINS: Record<string, DomainSpec> = {
  'TTEN_voltage.csv': { domain: 'TTEN', valueColumn: 'volts', unit: 'V', descriptionColumn: 'notes' },
  'TFASCON_phase_connection.csv': { domain: 'TFASCON' },
  'TPOTAPRT_apparent_power_kva.csv': { domain: 'TPOTAPRT', valueColumn: 'kva', unit: 'kVA' },
  'TPOTRTV_reactive_power_kvar.csv': { domain: 'TPOTRTV', valueColumn: 'kvar', unit: 'kvar' },
  'TIP_UNID_unit_type.csv': { domain: 'TIP_UNID' },
  'P_N_OPE_normal_state.csv': { domain: 'P_N_OPE' },
  'TIP_TRAFO_transformer_type.csv': { domain: 'TIP_TRAFO' },
  'TIP_REGU_regulator_type.csv': { domain: 'TIP_REGU' },
  'LIG_winding_connection.csv': { domain: 'LIG' },
  'COR_NOM_rated_current.csv': { domain: 'COR_NOM', valueColumn: 'amperes', unit: 'A' },
  'CAP_ELO_fuse_link.csv': { domain: 'CAP_ELO' },
  'CLAS_SUB_consumer_class.csv': { domain: 'CLAS_SUB' },
  'CLAS_TEN_insulation_class.csv': { domain: 'CLAS_TEN', valueColumn: 'volts', unit: 'V' },
  'GRU_TAR_tariff_group.csv': { domain: 'GRU_TAR' },
  'GRU_TEN_voltage_group.csv': { domain: 'GRU_TEN' },
  'SUB_GRP_subgroup.csv': { domain: 'SUB_GRP' },
  'POS_ownership.csv': { domain: 'POS' },
  'SIT_ATIV_activity.csv': { domain: 'SIT_ATIV' },
  'SITCONT_accounting_status.csv': { domain: 'SITCONT' },
  'ARE_LOC_area.csv': { domain: 'ARE_LOC' },
  'CONF_configuration.csv': { domain: 'CONF' },
  'POSTO_transformer_mounting.csv': { domain: 'POSTO' },
  'TIP_INST_installation_type.csv': { domain: 'TIP_INST' },
  'TIP_PN_notable_point_type.csv': { domain: 'TIP_PN' },
  'TIPO_LAMP_lamp_type.csv': { domain: 'TIPO_LAMP' },
  'TIP_DIA_day_type.csv': { domain: 'TIP_DIA' },
  'MEI_ISO_switch_insulating_medium.csv': { domain: 'MEI_ISO' },
  'ORG_ENER_energy_origin.csv': { domain: 'ORG_ENER' },
  'CATEG_technical_loss_category.csv': { domain: 'CATEG' },
  'REL_TP_pt_ratio.csv': { domain: 'REL_TP', valueColumn: 'ratio_primary_to_secondary(computed)' },
  'REL_TC_ct_ratio.csv': { domain: 'REL_TC', valueColumn: 'ratio_first_primary_tap(computed)' },
  'R_REGUL_regulatory_resistance_ohm_per_km.csv': {
    domain: 'R_REGUL',
    codeColumn: 'code_as_used_in_data_and_converter',
    valueColumn: 'ohm_per_km',
  },
  'BIT_conductor_size.csv': { domain: 'BIT' },
  'MAT_conductor_material.csv': { domain: 'MAT' },
  'ISO_conductor_insulation.csv': { domain: 'ISO' },
  'GEOM_CAB_cable_geometry.csv': { domain: 'GEOM_CAB' },
  'FORM_CAB_cable_formation.csv': { domain: 'FORM_CAB' },
};

let cache: Map<string, CodeTable> | undefined;

/** All code tables, keyed by domain (TTEN, TFASCON, TPOTAPRT…). */
export function loadCodeTables(): Map<string, CodeTable> {
  if (cache) return cache;
  const tables = new Map<string, CodeTable>();
  for (const file of readdirSync(CODES_DIR)) {
    const spec = DOMAINS[file];
    if (!spec) continue;
    const records = parse(readFileSync(CODES_DIR + file, 'utf8'), {
      columns: true,
      skip_empty_lines: true,
    }) as Record<string, string>[];
    const entries: CodeEntry[] = [];
    for (const record of records) {
      const code = (record[spec.codeColumn ?? 'code'] || record.code_DDA2022 || '').trim();
      if (!code) continue;
      const rawValue = spec.valueColumn ? record[spec.valueColumn] : undefined;
      const value = rawValue !== undefined && rawValue.trim() !== '' ? Number(rawValue) : null;
      const finite = value !== null && Number.isFinite(value) ? value : null;
      const described = record[spec.descriptionColumn ?? 'descr_pt'] || record.descr_pt || null;
      entries.push({
        code,
        description:
          described ??
          (finite !== null && spec.unit ? `${finite.toLocaleString('pt-BR')} ${spec.unit}` : null),
        value: finite,
      });
    }
    tables.set(spec.domain, {
      domain: spec.domain,
      file,
      entries,
      byCode: new Map(entries.map((e) => [e.code, e])),
    });
  }
  cache = tables;
  return tables;
}

export function decode(domain: string, code: string | null | undefined): CodeEntry | undefined {
  if (code === null || code === undefined) return undefined;
  return loadCodeTables().get(domain)?.byCode.get(code.trim());
}

/** BDGD fields holding codes of a domain: `table.column` → domain (tables as in the catalogue). */
export const CODED_FIELDS: ReadonlyArray<{ tables: string[]; column: string; domain: string }> = [
  { tables: ['ctmt', 'ctat', 'bar'], column: 'ten_nom', domain: 'TTEN' },
  { tables: ['eqtrd', 'eqtrs'], column: 'ten_pri', domain: 'TTEN' },
  { tables: ['eqtrd', 'eqtrs'], column: 'ten_sec', domain: 'TTEN' },
  { tables: ['eqtrd', 'eqtrs'], column: 'pot_nom', domain: 'TPOTAPRT' },
  { tables: ['eqre'], column: 'pot_nom', domain: 'TPOTAPRT' },
  { tables: ['uncrmt', 'uncrbt', 'uncrat'], column: 'pot_nom', domain: 'TPOTRTV' },
  {
    tables: [
      'ssdmt',
      'ssdbt',
      'ssdat',
      'ramlig',
      'unsemt',
      'unsebt',
      'unseat',
      'ucbt_tab',
      'ucmt_tab',
      'pip',
      'ugbt_tab',
      'ugmt_tab',
    ],
    column: 'fas_con',
    domain: 'TFASCON',
  },
  { tables: ['untrd', 'untrs'], column: 'fas_con_p', domain: 'TFASCON' },
  { tables: ['untrd', 'untrs'], column: 'fas_con_s', domain: 'TFASCON' },
  { tables: ['unsemt', 'unsebt', 'unseat'], column: 'p_n_ope', domain: 'P_N_OPE' },
  {
    tables: ['unsemt', 'unsebt', 'unseat', 'untrd', 'unremt', 'uncrmt'],
    column: 'tip_unid',
    domain: 'TIP_UNID',
  },
  { tables: ['untrd', 'untrs'], column: 'tip_trafo', domain: 'TIP_TRAFO' },
  { tables: ['unremt', 'unreat'], column: 'tip_regu', domain: 'TIP_REGU' },
  { tables: ['ucbt_tab', 'ucmt_tab', 'pip'], column: 'clas_sub', domain: 'CLAS_SUB' },
  { tables: ['ucbt_tab', 'ucmt_tab', 'pip'], column: 'ten_forn', domain: 'TTEN' },
  { tables: ['ssdmt', 'ssdbt', 'ramlig', 'untrd', 'unsemt'], column: 'pos', domain: 'POS' },
  { tables: ['segcon'], column: 'r_regul', domain: 'R_REGUL' },
  { tables: ['unsemt', 'unsebt', 'unseat', 'eqse', 'eqre'], column: 'cor_nom', domain: 'COR_NOM' },
  { tables: ['unsemt', 'unsebt', 'unseat', 'untrd'], column: 'cap_elo', domain: 'CAP_ELO' },
  {
    tables: [
      'untrd',
      'untrs',
      'unsemt',
      'unsebt',
      'ucbt_tab',
      'ucmt_tab',
      'ugbt_tab',
      'ugmt_tab',
      'pip',
      'unremt',
      'uncrmt',
    ],
    column: 'sit_ativ',
    domain: 'SIT_ATIV',
  },
  {
    tables: ['ssdmt', 'ssdbt', 'ramlig', 'untrd', 'unsemt', 'ucbt_tab', 'ucmt_tab', 'pip', 'ponnot'],
    column: 'are_loc',
    domain: 'ARE_LOC',
  },
  { tables: ['untrd'], column: 'posto', domain: 'POSTO' },
  { tables: ['untrd'], column: 'conf', domain: 'CONF' },
  { tables: ['eqtrd', 'eqtrs'], column: 'lig', domain: 'LIG' },
  { tables: ['eqtrd', 'eqtrs', 'eqse'], column: 'clas_ten', domain: 'CLAS_TEN' },
  { tables: ['ucbt_tab', 'ucmt_tab'], column: 'gru_tar', domain: 'GRU_TAR' },
  { tables: ['ponnot'], column: 'tip_pn', domain: 'TIP_PN' },
  { tables: ['pip'], column: 'tipo_lamp', domain: 'TIPO_LAMP' },
];
