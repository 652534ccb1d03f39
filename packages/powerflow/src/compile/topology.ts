// Radial topology: groups branch elements by bus pair, walks the graph breadth-first from the source and
// orients every pair parent → child. A second path between two buses (a mesh) is rejected with the
// elements involved; buses not reached (behind open switches) are reported as de-energised.

export interface BranchEnds {
  from: number;
  to: number;
}

export interface RadialTopology {
  /** Energised buses in breadth-first order, source first. */
  order: Int32Array;
  /** Parent bus per bus (−1 for the source and for de-energised buses). */
  parent: Int32Array;
  /** Elements feeding each bus from its parent (empty for the source / de-energised). */
  feeding: number[][];
  /** Depth in the tree (−1 de-energised). */
  depth: Int32Array;
}

export function radialTopology(
  nBus: number,
  root: number,
  branches: readonly BranchEnds[],
  branchName: (i: number) => string,
): RadialTopology {
  // Unique bus pairs (parallel elements share one pair) in compressed adjacency form.
  const pairElements = new Map<number, number[]>();
  const pairLo: number[] = [];
  const pairHi: number[] = [];
  const degree = new Int32Array(nBus + 1);
  for (let i = 0; i < branches.length; i++) {
    const b = branches[i]!;
    if (b.from === b.to) throw new Error(`${branchName(i)}: liga a barra a ela mesma`);
    const lo = Math.min(b.from, b.to);
    const hi = Math.max(b.from, b.to);
    const key = lo * nBus + hi;
    const list = pairElements.get(key);
    if (list) list.push(i);
    else {
      pairElements.set(key, [i]);
      pairLo.push(lo);
      pairHi.push(hi);
      degree[lo + 1]!++;
      degree[hi + 1]!++;
    }
  }
  for (let i = 0; i < nBus; i++) degree[i + 1]! += degree[i]!;
  const fill = degree.slice(0, nBus);
  const adj = new Int32Array(2 * pairLo.length);
  for (let p = 0; p < pairLo.length; p++) {
    const lo = pairLo[p]!;
    const hi = pairHi[p]!;
    adj[fill[lo]!++] = hi;
    adj[fill[hi]!++] = lo;
  }
  const parent = new Int32Array(nBus).fill(-1);
  const depth = new Int32Array(nBus).fill(-1);
  const feeding: number[][] = new Array(nBus);
  const order = new Int32Array(nBus);
  let count = 1;
  order[0] = root;
  depth[root] = 0;
  for (let head = 0; head < count; head++) {
    const u = order[head]!;
    for (let a = degree[u]!; a < degree[u + 1]!; a++) {
      const w = adj[a]!;
      if (w === parent[u]) continue;
      const key = u < w ? u * nBus + w : w * nBus + u;
      if (depth[w]! >= 0) {
        const names = (pairElements.get(key) ?? []).map(branchName).join(', ');
        throw new Error(`rede malhada (laço fechado por ${names}); apenas redes radiais são suportadas`);
      }
      depth[w] = depth[u]! + 1;
      parent[w] = u;
      feeding[w] = pairElements.get(key) ?? [];
      order[count++] = w;
    }
  }
  for (let i = 0; i < nBus; i++) if (!feeding[i]) feeding[i] = [];
  return { order: order.slice(0, count), parent, feeding, depth };
}
