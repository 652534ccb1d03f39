// One linear solve with the factorised tree: forward (leaves → source) reduction of the injection
// vector c, then backward substitution (source → leaves) of the voltages. No allocation.
import type { Network } from '../compile/network.ts';

/**
 * c: per-bus injection vector (2·m per bus, pu), overwritten by the reduction.
 * Writes the node voltages into vRe/vIm.
 */
export function sweep(net: Network, c: Float64Array, vRe: Float64Array, vIm: Float64Array): void {
  if (net.m === 3) {
    sweep3(net, c, vRe, vIm);
    return;
  }
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

/** Complex 3×3 block times 3-vector, unrolled: returns via the shared `acc` buffer (6 doubles). */
const acc = new Float64Array(6);

function mul3(
  b: Float64Array,
  o: Float64Array,
  bo: number,
  xr0: number,
  xi0: number,
  xr1: number,
  xi1: number,
  xr2: number,
  xi2: number,
): void {
  for (let r = 0; r < 3; r++) {
    const q = bo + 6 * r;
    const a0r = b[q]!;
    const a0i = b[q + 1]!;
    const a1r = b[q + 2]!;
    const a1i = b[q + 3]!;
    const a2r = b[q + 4]!;
    const a2i = b[q + 5]!;
    o[2 * r] = a0r * xr0 - a0i * xi0 + a1r * xr1 - a1i * xi1 + a2r * xr2 - a2i * xi2;
    o[2 * r + 1] = a0r * xi0 + a0i * xr0 + a1r * xi1 + a1i * xr1 + a2r * xi2 + a2i * xr2;
  }
}

/** The m = 3 sweep with unrolled 3×3 kernels (the phase-frame hot path). */
function sweep3(net: Network, c: Float64Array, vRe: Float64Array, vIm: Float64Array): void {
  const { order, parent, edgeKind, edgeE, dInv, gBlock, hBlock } = net;
  for (let idx = order.length - 1; idx >= 1; idx--) {
    const k = order[idx]!;
    const ck = 6 * k;
    const cp = 6 * parent[k]!;
    const x0r = c[ck]!;
    const x0i = c[ck + 1]!;
    const x1r = c[ck + 2]!;
    const x1i = c[ck + 3]!;
    const x2r = c[ck + 4]!;
    const x2i = c[ck + 5]!;
    if (x0r === 0 && x0i === 0 && x1r === 0 && x1i === 0 && x2r === 0 && x2i === 0) continue;
    if (edgeKind[k] === 1) {
      mul3(hBlock, acc, 18 * k, x0r, x0i, x1r, x1i, x2r, x2i);
      c[cp]! -= acc[0]!;
      c[cp + 1]! -= acc[1]!;
      c[cp + 2]! -= acc[2]!;
      c[cp + 3]! -= acc[3]!;
      c[cp + 4]! -= acc[4]!;
      c[cp + 5]! -= acc[5]!;
    } else {
      const e = 9 * k;
      for (let r = 0; r < 3; r++) {
        const w0 = edgeE[e + r]!;
        const w1 = edgeE[e + 3 + r]!;
        const w2 = edgeE[e + 6 + r]!;
        c[cp + 2 * r]! += w0 * x0r + w1 * x1r + w2 * x2r;
        c[cp + 2 * r + 1]! += w0 * x0i + w1 * x1i + w2 * x2i;
      }
    }
  }
  const r0 = net.root;
  const src = net.sourceV;
  if (net.sourceY) {
    const cr = 6 * r0;
    mul3(net.sourceY, acc, 0, src[0]!, src[1]!, src[2]!, src[3]!, src[4]!, src[5]!);
    for (let i = 0; i < 6; i++) c[cr + i]! += acc[i]!;
    mul3(dInv, acc, 18 * r0, c[cr]!, c[cr + 1]!, c[cr + 2]!, c[cr + 3]!, c[cr + 4]!, c[cr + 5]!);
    for (let r = 0; r < 3; r++) {
      vRe[3 * r0 + r] = acc[2 * r]!;
      vIm[3 * r0 + r] = acc[2 * r + 1]!;
    }
  } else {
    for (let r = 0; r < 3; r++) {
      vRe[3 * r0 + r] = src[2 * r]!;
      vIm[3 * r0 + r] = src[2 * r + 1]!;
    }
  }
  const acc2 = accB;
  for (let idx = 1; idx < order.length; idx++) {
    const k = order[idx]!;
    const vp = 3 * parent[k]!;
    const vk = 3 * k;
    const u0r = vRe[vp]!;
    const u0i = vIm[vp]!;
    const u1r = vRe[vp + 1]!;
    const u1i = vIm[vp + 1]!;
    const u2r = vRe[vp + 2]!;
    const u2i = vIm[vp + 2]!;
    if (edgeKind[k] === 1) {
      const ck = 6 * k;
      mul3(dInv, acc, 18 * k, c[ck]!, c[ck + 1]!, c[ck + 2]!, c[ck + 3]!, c[ck + 4]!, c[ck + 5]!);
      mul3(gBlock, acc2, 18 * k, u0r, u0i, u1r, u1i, u2r, u2i);
      vRe[vk] = acc[0]! - acc2[0]!;
      vIm[vk] = acc[1]! - acc2[1]!;
      vRe[vk + 1] = acc[2]! - acc2[2]!;
      vIm[vk + 1] = acc[3]! - acc2[3]!;
      vRe[vk + 2] = acc[4]! - acc2[4]!;
      vIm[vk + 2] = acc[5]! - acc2[5]!;
    } else {
      const e = 9 * k;
      for (let r = 0; r < 3; r++) {
        const w0 = edgeE[e + 3 * r]!;
        const w1 = edgeE[e + 3 * r + 1]!;
        const w2 = edgeE[e + 3 * r + 2]!;
        vRe[vk + r] = w0 * u0r + w1 * u1r + w2 * u2r;
        vIm[vk + r] = w0 * u0i + w1 * u1i + w2 * u2i;
      }
    }
  }
}

const accB = new Float64Array(6);
