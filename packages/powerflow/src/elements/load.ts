// Load and generator "slots": one per terminal (phase-to-neutral or phase-to-phase), ZIP model.
// For a slot with voltage v (pu) across its terminals, nominal magnitude vn and nominal power S = P + jQ:
//   constant Z: I = conj(S)·v / vn²
//   constant I: I = conj(S)·v / (|v|·vn)   (magnitude fixed, power-factor angle kept relative to v)
//   constant P: I = conj(S)·v / |v|²
// Below vLow·vn the I and P parts switch to constant impedance (as OpenDSS does below vminpu) so that
// collapsed voltages cannot blow the iteration up.
import type { LoadModel } from '../model/types.ts';

export type ZipFractions = [number, number, number, number, number, number]; // pZ pI pP qZ qI qP

export function zipFractions(model: LoadModel | undefined, context: string): ZipFractions {
  if (model === undefined || model === 'PQ') return [0, 0, 1, 0, 0, 1];
  if (model === 'I') return [0, 1, 0, 0, 1, 0];
  if (model === 'Z') return [1, 0, 0, 1, 0, 0];
  const sp = model.p[0] + model.p[1] + model.p[2];
  const sq = model.q[0] + model.q[1] + model.q[2];
  if (Math.abs(sp - 1) > 1e-6 || Math.abs(sq - 1) > 1e-6) {
    throw new Error(`${context}: frações ZIP devem somar 1`);
  }
  return [model.p[0], model.p[1], model.p[2], model.q[0], model.q[1], model.q[2]];
}
