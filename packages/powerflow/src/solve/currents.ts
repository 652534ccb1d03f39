// Branch currents after a solution. Admittance-fed buses: directly from the element blocks.
// Ideal-fed buses (switches, regulators): by Kirchhoff's current law, summing from the leaves
// the local consumption (shunt·V − injection) and the currents drawn by the children.
import type { Network } from '../compile/network.ts';
import { loadInjections } from './injections.ts';

export interface EdgeCurrents {
  /** Current delivered by the feeding edge into each bus (pu, 2·m per bus). */
  delivered: Float64Array;
  /** Current drawn from the parent by the edge feeding each bus (pu, 2·m per bus). */
  drawn: Float64Array;
  /** Current leaving the source into the network at the source bus (pu, 2·m). */
  source: Float64Array;
  /** Local consumption per bus node (loads, capacitors, leak), pu, 2·m per bus. */
  local: Float64Array;
}

/** y += A(block at ao)·x(at xo), complex m-vectors. */
function mulAdd(
  a: Float64Array,
  ao: number,
  xr: Float64Array,
  xi: Float64Array,
  xo: number,
  y: Float64Array,
  yo: number,
  m: number,
  sign: number,
): void {
  for (let r = 0; r < m; r++) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < m; j++) {
      const o = ao + 2 * (r * m + j);
      sr += a[o]! * xr[xo + j]! - a[o + 1]! * xi[xo + j]!;
      si += a[o]! * xi[xo + j]! + a[o + 1]! * xr[xo + j]!;
    }
    y[yo + 2 * r]! += sign * sr;
    y[yo + 2 * r + 1]! += sign * si;
  }
}

/** Reusable buffers for edgeCurrents (time series). */
export interface CurrentsWorkspace extends EdgeCurrents {
  inj: Float64Array;
  childSum: Float64Array;
}

export function currentsWorkspace(net: Network): CurrentsWorkspace {
  const n = net.busCount * 2 * net.m;
  return {
    delivered: new Float64Array(n),
    drawn: new Float64Array(n),
    source: new Float64Array(2 * net.m),
    local: new Float64Array(n),
    inj: new Float64Array(n),
    childSum: new Float64Array(n),
  };
}

export function edgeCurrents(
  net: Network,
  vLowPu: number,
  ws: CurrentsWorkspace = currentsWorkspace(net),
): EdgeCurrents {
  const m = net.m;
  const bs = 2 * m * m;
  const { vRe, vIm, order, parent, edgeKind, edgeY, edgeOff, edgeE, shunt } = net;
  const { inj, local, delivered, drawn, childSum } = ws;
  local.fill(0);
  delivered.fill(0);
  drawn.fill(0);
  childSum.fill(0);
  loadInjections(net, vRe, vIm, inj, vLowPu);
  for (let idx = 0; idx < order.length; idx++) {
    const k = order[idx]!;
    mulAdd(shunt, k * bs, vRe, vIm, k * m, local, 2 * m * k, m, 1);
    for (let r = 0; r < 2 * m; r++) local[2 * m * k + r]! -= inj[2 * m * k + r]!;
  }
  for (let idx = order.length - 1; idx >= 1; idx--) {
    const k = order[idx]!;
    const p = parent[k]!;
    const o = 2 * m * k;
    if (edgeKind[k] === 1) {
      const ey = edgeOff[k]!;
      mulAdd(edgeY, ey, vRe, vIm, p * m, drawn, o, m, 1);
      mulAdd(edgeY, ey + bs, vRe, vIm, k * m, drawn, o, m, 1);
      mulAdd(edgeY, ey + 2 * bs, vRe, vIm, p * m, delivered, o, m, -1);
      mulAdd(edgeY, ey + 3 * bs, vRe, vIm, k * m, delivered, o, m, -1);
    } else {
      for (let r = 0; r < 2 * m; r++) delivered[o + r] = local[o + r]! + childSum[o + r]!;
      const e = k * m * m;
      for (let r = 0; r < m; r++) {
        let sr = 0;
        let si = 0;
        for (let j = 0; j < m; j++) {
          const w = edgeE[e + j * m + r]!;
          sr += w * delivered[o + 2 * j]!;
          si += w * delivered[o + 2 * j + 1]!;
        }
        drawn[o + 2 * r] = sr;
        drawn[o + 2 * r + 1] = si;
      }
    }
    for (let r = 0; r < 2 * m; r++) childSum[2 * m * p + r]! += drawn[o + r]!;
  }
  const source = ws.source;
  const ro = 2 * m * net.root;
  for (let r = 0; r < 2 * m; r++) source[r] = local[ro + r]! + childSum[ro + r]!;
  return { delivered, drawn, source, local };
}
