// Load/generator current injections for the fixed-point iteration. Each slot behaves as an effective
// admittance A(v) = Σ_x conj(S_x)·k_x over its ZIP parts, with k_Z = 1/vn², k_I = 1/(|v|·vn),
// k_P = 1/|v|² (|v| floored at vLow·vn), so I_load = A·v. The nominal admittance Y_nom already sits in
// the factorised matrix; the iteration injects the compensation (Y_nom − A(v))·v.
import type { Network } from '../compile/network.ts';

/** Writes the slot's effective admittance A(v) into out[0] (re), out[1] (im). */
export function slotAdmittance(
  net: Network,
  s: number,
  vr: number,
  vi: number,
  vLowPu: number,
  out: Float64Array,
): void {
  const p = net.slotP[s]!;
  const q = net.slotQ[s]!;
  if (p === 0 && q === 0) {
    out[0] = 0;
    out[1] = 0;
    return;
  }
  const vn = net.slotVn[s]!;
  const vm = Math.max(Math.sqrt(vr * vr + vi * vi), vLowPu * vn);
  const kz = 1 / (vn * vn);
  const ki = 1 / (vm * vn);
  const kp = 1 / (vm * vm);
  const zip = net.slotZip;
  const z = 6 * s;
  out[0] = p * (zip[z]! * kz + zip[z + 1]! * ki + zip[z + 2]! * kp);
  out[1] = -q * (zip[z + 3]! * kz + zip[z + 4]! * ki + zip[z + 5]! * kp);
}

/** Fills c (2·m per bus) with the compensation injections at voltages (vRe, vIm). Hot loop: inlined. */
export function loadInjections(
  net: Network,
  vRe: Float64Array,
  vIm: Float64Array,
  c: Float64Array,
  vLowPu: number,
): void {
  c.fill(0);
  const m = net.m;
  const { slotBus, slotA, slotB, slotYRe, slotYIm, slotP, slotQ, slotVn, slotZip } = net;
  const n = slotBus.length;
  for (let s = 0; s < n; s++) {
    const bus = slotBus[s]!;
    const a = bus * m + slotA[s]!;
    const bn = slotB[s]!;
    let vr = vRe[a]!;
    let vi = vIm[a]!;
    if (bn >= 0) {
      vr -= vRe[bus * m + bn]!;
      vi -= vIm[bus * m + bn]!;
    }
    const p = slotP[s]!;
    const q = slotQ[s]!;
    let ar = 0;
    let ai = 0;
    if (p !== 0 || q !== 0) {
      const vn = slotVn[s]!;
      const floor = vLowPu * vn;
      let vm = Math.sqrt(vr * vr + vi * vi);
      if (vm < floor) vm = floor;
      const kz = 1 / (vn * vn);
      const ki = 1 / (vm * vn);
      const kp = 1 / (vm * vm);
      const z = 6 * s;
      ar = p * (slotZip[z]! * kz + slotZip[z + 1]! * ki + slotZip[z + 2]! * kp);
      ai = -q * (slotZip[z + 3]! * kz + slotZip[z + 4]! * ki + slotZip[z + 5]! * kp);
    }
    const yr = slotYRe[s]! - ar;
    const yi = slotYIm[s]! - ai;
    if (yr === 0 && yi === 0) continue;
    const jr = yr * vr - yi * vi;
    const ji = yr * vi + yi * vr;
    c[2 * a]! += jr;
    c[2 * a + 1]! += ji;
    if (bn >= 0) {
      const cb = 2 * (bus * m + bn);
      c[cb]! -= jr;
      c[cb + 1]! -= ji;
    }
  }
}
