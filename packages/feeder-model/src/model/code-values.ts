// Physical values behind BDGD code fields, decoded with the ANEEL reference tables (packages/bdgd/codes).
import { decode } from '@rede-eletrica/bdgd';

/** kV of a TTEN code (TEN_NOM, TEN_PRI, TEN_SEC…), undefined when unknown or "0". */
export function kvOfCode(code: string | null | undefined): number | undefined {
  if (!code || code === '0') return undefined;
  const volts = decode('TTEN', code)?.value;
  return volts && volts > 0 ? volts / 1000 : undefined;
}

/** kVA of a TPOTAPRT code (EQTRMT/EQRE.POT_NOM). */
export function kvaOfCode(code: string | null | undefined): number | undefined {
  if (!code) return undefined;
  const kva = decode('TPOTAPRT', code)?.value;
  return kva && kva > 0 ? kva : undefined;
}

/** kvar of a TPOTRTV code (UNCRMT.POT_NOM). */
export function kvarOfCode(code: string | null | undefined): number | undefined {
  if (!code) return undefined;
  const kvar = decode('TPOTRTV', code)?.value;
  return kvar && kvar > 0 ? kvar : undefined;
}

/** Amperes of a TCOR code (COR_NOM). */
export function ampsOfCode(code: string | null | undefined): number | undefined {
  if (!code) return undefined;
  const amps = decode('COR_NOM', code)?.value;
  return amps && amps > 0 ? amps : undefined;
}

/** PT ratio of a TRELTP code (REL_TP). */
export function ptRatioOfCode(code: string | null | undefined): number | undefined {
  if (!code) return undefined;
  const ratio = decode('REL_TP', code)?.value;
  return ratio && ratio > 0 ? ratio : undefined;
}

/** True when a TFASCON code exists in the reference table. */
export function isKnownPhaseCode(code: string | null | undefined): boolean {
  return !!code && decode('TFASCON', code) !== undefined;
}
