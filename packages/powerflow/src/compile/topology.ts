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
  const pairElements = new Map<number, number[]>();
  const adjacency: number[][] = Array.from({ length: nBus }, () => []);
  branches.forEach((b, i) => {
    if (b.from === b.to) throw new Error(`${branchName(i)}: liga a barra a ela mesma`);
    const lo = Math.min(b.from, b.to);
    const hi = Math.max(b.from, b.to);
    const key = lo * nBus + hi;
    const list = pairElements.get(key);
    if (list) list.push(i);
    else {
      pairElements.set(key, [i]);
      adjacency[lo]!.push(hi);
      adjacency[hi]!.push(lo);
    }
  });
  const parent = new Int32Array(nBus).fill(-1);
  const depth = new Int32Array(nBus).fill(-1);
  const feeding: number[][] = Array.from({ length: nBus }, () => []);
  const order: number[] = [root];
  depth[root] = 0;
  for (let head = 0; head < order.length; head++) {
    const u = order[head]!;
    for (const w of adjacency[u]!) {
      if (w === parent[u]) continue;
      const key = Math.min(u, w) * nBus + Math.max(u, w);
      if (depth[w]! >= 0) {
        const names = (pairElements.get(key) ?? []).map(branchName).join(', ');
        throw new Error(`rede malhada (laço fechado por ${names}); apenas redes radiais são suportadas`);
      }
      depth[w] = depth[u]! + 1;
      parent[w] = u;
      feeding[w] = pairElements.get(key) ?? [];
      order.push(w);
    }
  }
  return { order: Int32Array.from(order), parent, feeding, depth };
}
