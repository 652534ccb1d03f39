// Code lookups against the ANEEL code tables shipped in packages/bdgd/codes. Every code written by the
// generator goes through here so that a typo or a wrong table shows up as an error, not as bad data.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CODES_DIR = fileURLToPath(new URL('../../codes/', import.meta.url));

type Row = Record<string, string>;

/** Minimal RFC-4180 CSV parser (quoted fields with commas and doubled quotes). */
export function parseCsv(text: string): Row[] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      field = '';
      if (record.some((value) => value !== '')) records.push(record);
      record = [];
    } else field += ch;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [header = [], ...body] = records;
  return body.map((values) => Object.fromEntries(header.map((name, i) => [name, values[i] ?? ''])));
}

export class CodeTables {
  private readonly cache = new Map<string, Row[]>();

  constructor(private readonly dir: string = CODES_DIR) {}

  table(file: string): Row[] {
    let rows = this.cache.get(file);
    if (!rows) {
      rows = parseCsv(readFileSync(`${this.dir}${file}.csv`, 'utf8'));
      this.cache.set(file, rows);
    }
    return rows;
  }

  /** First code whose numeric column equals `value`. */
  private byValue(file: string, column: string, value: number): string {
    const row = this.table(file).find((r) => Number(r[column]) === value && r[column] !== '');
    if (!row) throw new Error(`${file}: no code with ${column} = ${value}`);
    return row.code ?? '';
  }

  /** Asserts that `code` exists in the table and returns it. */
  require(file: string, code: string, column = 'code'): string {
    if (!this.table(file).some((r) => r[column] === code)) throw new Error(`${file}: unknown code ${code}`);
    return code;
  }

  /** TTEN code for a voltage in volts (e.g. 13800 → '49'). */
  voltage(volts: number): string {
    return this.byValue('TTEN_voltage', 'volts', volts);
  }

  voltageOf(code: string): number {
    const row = this.table('TTEN_voltage').find((r) => r.code === code);
    if (!row) throw new Error(`TTEN_voltage: unknown code ${code}`);
    return Number(row.volts);
  }

  /** TPOTAPRT code for an apparent power in kVA. */
  apparentPower(kva: number): string {
    return this.byValue('TPOTAPRT_apparent_power_kva', 'kva', kva);
  }

  /** TPOTRTV code for a reactive power in kvar. */
  reactivePower(kvar: number): string {
    return this.byValue('TPOTRTV_reactive_power_kvar', 'kvar', kvar);
  }

  /** TCOR code for a rated current in amperes. */
  ratedCurrent(amperes: number): string {
    return this.byValue('COR_NOM_rated_current', 'amperes', amperes);
  }

  /** TUNI code whose description equals `description` (e.g. 'Chave fusível'). */
  unitType(description: string): string {
    const row = this.table('TIP_UNID_unit_type').find((r) => r.descr_pt === description);
    if (!row) throw new Error(`TIP_UNID: no unit type "${description}"`);
    return row.code ?? '';
  }

  ptRatio(ratio: number): string {
    return this.byValue('REL_TP_pt_ratio', 'ratio_primary_to_secondary(computed)', ratio);
  }

  ctRatio(ratio: number): string {
    return this.byValue('REL_TC_ct_ratio', 'ratio_first_primary_tap(computed)', ratio);
  }

  /** Regulatory resistance: the code as spelled in data files, and Ω/km. */
  regulatoryResistance(codeDda: string): { code: string; ohmPerKm: number } {
    const row = this.table('R_REGUL_regulatory_resistance_ohm_per_km').find(
      (r) => r.code_DDA2022 === codeDda,
    );
    if (!row) throw new Error(`R_REGUL: unknown code ${codeDda}`);
    return {
      code: row.code_as_used_in_data_and_converter || codeDda,
      ohmPerKm: Number(row.ohm_per_km),
    };
  }

  /** Load-curve ids (TIP_CC) known from the Mux 2024 file, with their GRU_TEN. */
  loadCurveIds(): Array<{ id: string; voltageGroup: string }> {
    return this.table('TIP_CC_load_curves_mux2024').map((r) => ({
      id: r.tip_cc ?? '',
      voltageGroup: r.GRU_TEN ?? '',
    }));
  }
}
