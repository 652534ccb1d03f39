// Block elimination of the nodal equations along the radial tree (leaves first). With buses ordered
// breadth-first, eliminating children before parents creates no fill-in: every bus keeps one m×m
// diagonal block D̃ (its own shunts + feeding-element self admittance + Schur complements of its
// children). For a bus k fed through admittance blocks (Ypp, Ypk, Ykp, Ykk):
//   D̃_k⁻¹,  G_k = D̃_k⁻¹·Ykp,  H_k = Ypk·D̃_k⁻¹,  D̃_parent += Ypp − H_k·Ykp.
// For a bus fed through an ideal transformation E (V_k = E·V_p):  D̃_parent += Eᵀ·D̃_k·E.
// This is the matrix form of a backward/forward sweep: the solve is two passes of m×m products.

import type { Network } from '../compile/network.ts';
import { blockAdd, blockCongruenceReal, blockCopy, blockInvert, blockMul } from '../numeric/complex-block.ts';

export function factorize(net: Network): boolean {
  const m = net.m;
  const bs = 2 * m * m;
  const { order, parent, edgeKind, edgeY, edgeOff, edgeE, shunt, dTilde, dInv, gBlock, hBlock } = net;
  const work = new Float64Array(4 * m * m + 8);
  const tmp = new Float64Array(bs);
  for (let idx = 0; idx < order.length; idx++) {
    const k = order[idx]!;
    blockCopy(shunt, k * bs, dTilde, k * bs, m);
    if (edgeKind[k] === 1) blockAdd(edgeY, edgeOff[k]! + 3 * bs, dTilde, k * bs, m);
  }
  for (let idx = order.length - 1; idx >= 1; idx--) {
    const k = order[idx]!;
    const p = parent[k]!;
    if (edgeKind[k] === 1) {
      if (m === 3) groundFloatingCommonMode(net, k);
      if (!blockInvert(dTilde, k * bs, dInv, k * bs, m, work)) {
        net.factorError = `matriz singular na barra ${net.busIds[k]}`;
        net.factorized = false;
        return false;
      }
      const ey = edgeOff[k]!;
      blockMul(dInv, k * bs, edgeY, ey + 2 * bs, gBlock, k * bs, m); // G = D⁻¹·Ykp
      blockMul(edgeY, ey + bs, dInv, k * bs, hBlock, k * bs, m); // H = Ypk·D⁻¹
      blockAdd(edgeY, ey, dTilde, p * bs, m); // + Ypp
      blockMul(hBlock, k * bs, edgeY, ey + 2 * bs, tmp, 0, m); // H·Ykp
      blockAdd(tmp, 0, dTilde, p * bs, m, -1);
    } else {
      blockCongruenceReal(edgeE, k * m * m, dTilde, k * bs, dTilde, p * bs, m);
    }
  }
  const r = net.root;
  if (net.sourceY) {
    blockAdd(net.sourceY, 0, dTilde, r * bs, m);
    if (m === 3) groundFloatingCommonMode(net, r);
    if (!blockInvert(dTilde, r * bs, dInv, r * bs, m, work)) {
      net.factorError = 'matriz singular na barra da fonte';
      net.factorized = false;
      return false;
    }
  }
  net.factorError = undefined;
  net.factorized = true;
  return true;
}

/** Relative size below which the common-mode admittance of a bus counts as floating. */
const FLOATING_THRESHOLD = 1e-7;

/**
 * A bus reached only through delta windings / ungrounded connections has no path for the common-mode
 * (zero-sequence) voltage: D̃ is singular up to the tiny leak and its inverse loses ~11 digits. Such
 * buses get a common-mode grounding (g/n)·J on their n present nodes, g = largest diagonal entry, which
 * only fixes V0 ≈ 0 (no zero-sequence current flows in a floating island). Added to the bus shunt so
 * later refactorisations and current sums see it; its power is reported with the leak.
 */
function groundFloatingCommonMode(net: Network, k: number): void {
  const d = net.dTilde;
  const o = k * 18;
  const present: number[] = [];
  for (let p = 0; p < 3; p++) if (net.nodeMask[k * 3 + p]) present.push(p);
  if (present.length === 0) return;
  let sr = 0;
  let si = 0;
  let scale = 0;
  for (const i of present) {
    scale = Math.max(scale, Math.hypot(d[o + 2 * (i * 3 + i)]!, d[o + 2 * (i * 3 + i) + 1]!));
    for (const j of present) {
      sr += d[o + 2 * (i * 3 + j)]!;
      si += d[o + 2 * (i * 3 + j) + 1]!;
    }
  }
  if (Math.hypot(sr, si) > FLOATING_THRESHOLD * scale * present.length) return;
  const g = scale;
  const share = g / present.length;
  for (const i of present) {
    for (const j of present) {
      d[o + 2 * (i * 3 + j)]! += share;
      net.shunt[o + 2 * (i * 3 + j)]! += share;
    }
  }
  net.groundingY[k]! += g;
}
