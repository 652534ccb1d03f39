// Per-unit primitive models of branch elements as seen by the solver, in element orientation
// (side "from" = p, side "to" = k). An admittance primitive holds four complex m×m blocks
// [Ypp, Ypk, Ykp, Ykk] so that I_into_element = Y · [V_p; V_k]. An ideal primitive is a real
// transformation V_k = E · V_p with power-conserving currents I_p = Eᵀ · I_k (switches, regulators).

export interface AdmittancePrimitive {
  kind: 'admittance';
  /** 4 blocks, each 2·m·m doubles: pp, pk, kp, kk. */
  y: Float64Array;
}

export interface IdealPrimitive {
  kind: 'ideal';
  /** Real m×m row-major. */
  e: Float64Array;
}

export type BranchPrimitive = AdmittancePrimitive | IdealPrimitive;

/** Offsets of the four blocks inside an admittance primitive. */
export function blockOffsets(m: number): { pp: number; pk: number; kp: number; kk: number } {
  const s = 2 * m * m;
  return { pp: 0, pk: s, kp: 2 * s, kk: 3 * s };
}

/** Identity transformation restricted to the given phases (closed switch, zero-impedance line). */
export function identityPrimitive(m: number, phaseIdx: readonly number[]): IdealPrimitive {
  const e = new Float64Array(m * m);
  if (m === 1) e[0] = 1;
  else for (const p of phaseIdx) e[p * m + p] = 1;
  return { kind: 'ideal', e };
}
