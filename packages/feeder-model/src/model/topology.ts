// Feeder tree from PAC strings: breadth-first from CTMT.PAC_INI through closed elements. An element whose far
// end was already reached closes a loop (kept out of the model — the solver is radial); elements never reached
// are disconnected parts. Orientation (upstream/downstream end) comes from the trace, never from PAC_1/PAC_2.

export interface TopoBranch {
  /** Index in the caller's element list. */
  index: number;
  pac1: string | null;
  pac2: string | null;
}

export interface FeederTree {
  /** Tree edges in BFS order: element index, upstream PAC, downstream PAC. */
  edges: { index: number; from: string; to: string }[];
  /** Elements that would close a loop (or run in parallel). */
  loops: number[];
  /** Elements not reached from the head. */
  unreached: number[];
  reached: Set<string>;
}

const isNode = (pac: string | null): pac is string => pac !== null && pac.trim() !== '' && pac !== '0';

export function traceFeeder(head: string, branches: readonly TopoBranch[]): FeederTree {
  const adjacency = new Map<string, number[]>();
  const link = (pac: string, k: number) => {
    const list = adjacency.get(pac);
    if (list) list.push(k);
    else adjacency.set(pac, [k]);
  };
  branches.forEach((b, k) => {
    if (isNode(b.pac1)) link(b.pac1, k);
    if (isNode(b.pac2) && b.pac2 !== b.pac1) link(b.pac2, k);
  });
  const reached = new Set<string>([head]);
  const used = new Uint8Array(branches.length);
  const edges: FeederTree['edges'] = [];
  const loops: number[] = [];
  const queue = [head];
  for (let read = 0; read < queue.length; read++) {
    const node = queue[read] as string;
    for (const k of adjacency.get(node) ?? []) {
      if (used[k]) continue;
      used[k] = 1;
      const b = branches[k] as TopoBranch;
      const other = b.pac1 === node ? b.pac2 : b.pac1;
      if (!isNode(other) || other === node) continue;
      if (reached.has(other)) {
        loops.push(b.index);
        continue;
      }
      reached.add(other);
      edges.push({ index: b.index, from: node, to: other });
      queue.push(other);
    }
  }
  const unreached: number[] = [];
  branches.forEach((b, k) => {
    if (!used[k]) unreached.push(b.index);
  });
  return { edges, loops, unreached, reached };
}
