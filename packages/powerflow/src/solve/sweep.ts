// One linear solve with the factorised tree: forward (leaves → source) reduction of the injection
// vector c, then backward substitution (source → leaves) of the voltages. No allocation.
import type { Network } from '../compile/network.ts';

/**
 * c: per-bus injection vector (2·m per bus, pu), overwritten by the reduction.
 * Writes the node voltages into vRe/vIm.
 */
export function sweep(net: Network, c: Float64Array, vRe: Float64Array, vIm: Float64Array): void {
  const m = net.m;
  const bs = 2 * m * m;
  const mm = m * m;
  const { order, parent, edgeKind, edgeE, dInv, gBlock, hBlock } = net;
  // forward: c_parent −= H_k·c_k  |  c_parent += Eᵀ·c_k
  for (let idx = order.length - 1; idx >= 1; idx--) {
    const k = order[idx]!;
    const p = parent[k]!;
    const ck = 2 * m * k;
    const cp = 2 * m * p;
    if (edgeKind[k] === 1) {
      const h = k * bs;
      for (let r = 0; r < m; r++) {
        let sr = 0;
        let si = 0;
        for (let j = 0; j < m; j++) {
          const o = h + 2 * (r * m + j);
          const hr = hBlock[o]!;
          const hi = hBlock[o + 1]!;
          const xr = c[ck + 2 * j]!;
          const xi = c[ck + 2 * j + 1]!;
          sr += hr * xr - hi * xi;
          si += hr * xi + hi * xr;
        }
        c[cp + 2 * r]! -= sr;
        c[cp + 2 * r + 1]! -= si;
      }
    } else {
      const e = k * mm;
      for (let r = 0; r < m; r++) {
        let sr = 0;
        let si = 0;
        for (let j = 0; j < m; j++) {
          const w = edgeE[e + j * m + r]!;
          if (w === 0) continue;
          sr += w * c[ck + 2 * j]!;
          si += w * c[ck + 2 * j + 1]!;
        }
        c[cp + 2 * r]! += sr;
        c[cp + 2 * r + 1]! += si;
      }
    }
  }
  // source bus
  const r0 = net.root;
  const src = net.sourceV;
  if (net.sourceY) {
    const ys = net.sourceY;
    const cr = 2 * m * r0;
    for (let r = 0; r < m; r++) {
      let sr = 0;
      let si = 0;
      for (let j = 0; j < m; j++) {
        const o = 2 * (r * m + j);
        sr += ys[o]! * src[2 * j]! - ys[o + 1]! * src[2 * j + 1]!;
        si += ys[o]! * src[2 * j + 1]! + ys[o + 1]! * src[2 * j]!;
      }
      c[cr + 2 * r]! += sr;
      c[cr + 2 * r + 1]! += si;
    }
    const d = r0 * bs;
    for (let r = 0; r < m; r++) {
      let sr = 0;
      let si = 0;
      for (let j = 0; j < m; j++) {
        const o = d + 2 * (r * m + j);
        sr += dInv[o]! * c[cr + 2 * j]! - dInv[o + 1]! * c[cr + 2 * j + 1]!;
        si += dInv[o]! * c[cr + 2 * j + 1]! + dInv[o + 1]! * c[cr + 2 * j]!;
      }
      vRe[r0 * m + r] = sr;
      vIm[r0 * m + r] = si;
    }
  } else {
    for (let r = 0; r < m; r++) {
      vRe[r0 * m + r] = src[2 * r]!;
      vIm[r0 * m + r] = src[2 * r + 1]!;
    }
  }
  // backward: V_k = D̃⁻¹·c_k − G·V_p  |  V_k = E·V_p
  for (let idx = 1; idx < order.length; idx++) {
    const k = order[idx]!;
    const p = parent[k]!;
    const vk = k * m;
    const vp = p * m;
    if (edgeKind[k] === 1) {
      const b = k * bs;
      const ck = 2 * m * k;
      for (let r = 0; r < m; r++) {
        let sr = 0;
        let si = 0;
        for (let j = 0; j < m; j++) {
          const o = b + 2 * (r * m + j);
          const dr = dInv[o]!;
          const di = dInv[o + 1]!;
          const xr = c[ck + 2 * j]!;
          const xi = c[ck + 2 * j + 1]!;
          const gr = gBlock[o]!;
          const gi = gBlock[o + 1]!;
          const ur = vRe[vp + j]!;
          const ui = vIm[vp + j]!;
          sr += dr * xr - di * xi - (gr * ur - gi * ui);
          si += dr * xi + di * xr - (gr * ui + gi * ur);
        }
        vRe[vk + r] = sr;
        vIm[vk + r] = si;
      }
    } else {
      const e = k * mm;
      for (let r = 0; r < m; r++) {
        let sr = 0;
        let si = 0;
        for (let j = 0; j < m; j++) {
          const w = edgeE[e + r * m + j]!;
          if (w === 0) continue;
          sr += w * vRe[vp + j]!;
          si += w * vIm[vp + j]!;
        }
        vRe[vk + r] = sr;
        vIm[vk + r] = si;
      }
    }
  }
}
