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
  const { order, parent, edgeKind, edgeY, edgeE, shunt, dTilde, dInv, gBlock, hBlock } = net;
  const work = new Float64Array(4 * m * m + 8);
  const tmp = new Float64Array(bs);
  for (let idx = 0; idx < order.length; idx++) {
    const k = order[idx]!;
    blockCopy(shunt, k * bs, dTilde, k * bs, m);
    if (edgeKind[k] === 1) blockAdd(edgeY, k * 4 * bs + 3 * bs, dTilde, k * bs, m);
  }
  for (let idx = order.length - 1; idx >= 1; idx--) {
    const k = order[idx]!;
    const p = parent[k]!;
    if (edgeKind[k] === 1) {
      if (!blockInvert(dTilde, k * bs, dInv, k * bs, m, work)) {
        net.factorError = `matriz singular na barra ${net.busIds[k]}`;
        net.factorized = false;
        return false;
      }
      const ey = k * 4 * bs;
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
