// Network tracing on the PAC graph of one import: elements upstream of an asset to its feeder head, and
// everything it feeds downstream (with the transformers and consumers fed).
import type { NetworkGraph } from '@rede-eletrica/bdgd';
import type { ImportNetwork } from './graph-cache.ts';

export interface TraceElement {
  camada: string;
  id: number;
  cod_id: string | null;
  pac_1: string | null;
  pac_2: string | null;
}

export function element(graph: NetworkGraph, branch: number): TraceElement {
  const b = graph.branches[branch];
  if (!b) throw new Error(`ramo ${branch} inexistente`);
  return { camada: b.table, id: b.id, cod_id: b.codId, pac_1: b.pac1, pac_2: b.pac2 };
}

/** Branch indexes with this COD_ID, optionally restricted to one layer. */
export function findBranches(graph: NetworkGraph, codId: string, camada: string | undefined): number[] {
  return graph.findByCode(codId).filter((i) => camada === undefined || graph.branches[i]?.table === camada);
}

/** Feeder (CTMT COD_ID) whose head reaches the branch through closed elements, or null. */
export function feederOf(graph: NetworkGraph, branch: number): string | null {
  const up = graph.upstreamNode[branch] ?? -1;
  if (up < 0) return null;
  return graph.heads[graph.nodeFeeder[up] ?? -1]?.ctmt ?? null;
}

/**
 * Elements from the asset up to its feeder head, nearest first. When the feeder has a breaker hanging at
 * PAC_INI (see ImportNetwork.headBreakers) the path ends at that breaker, as an operator expects.
 */
export function traceUpstream(network: ImportNetwork, branch: number): TraceElement[] {
  const { graph } = network;
  const path = graph.upstream(branch);
  if (!network.headBreakers.has(branch)) {
    const up = graph.upstreamNode[branch] ?? -1;
    const feeder = up >= 0 ? (graph.nodeFeeder[up] as number) : -1;
    for (const [breaker, f] of network.headBreakers) {
      if (f === feeder && !path.includes(breaker)) path.push(breaker);
    }
  }
  return path.map((b) => element(graph, b));
}

/** Branches fed through `branch`; a feeder breaker feeds every branch leaving its head and beyond. */
function fedBranches(network: ImportNetwork, branch: number): { branches: number[]; nodes: Set<number> } {
  const { graph } = network;
  const nodes = new Set<number>();
  const feeder = network.headBreakers.get(branch);
  let branches: number[];
  if (feeder !== undefined) {
    const head = graph.upstreamNode[branch] as number;
    nodes.add(head);
    branches = [];
    for (const b of network.headBranches.get(feeder) ?? []) {
      if (network.headBreakers.has(b)) continue;
      branches.push(b, ...graph.downstream(b));
    }
  } else {
    branches = graph.downstream(branch);
    const start = graph.downstreamNode(branch);
    if (start >= 0) nodes.add(start);
  }
  for (const b of branches) {
    const node = graph.downstreamNode(b);
    if (node >= 0) nodes.add(node);
  }
  return { branches, nodes };
}

export interface DownstreamTrace {
  elementos: TraceElement[];
  transformadores: number;
  consumidores_bt: number;
  consumidores_mt: number;
}

export function traceDownstream(network: ImportNetwork, branch: number): DownstreamTrace {
  const { graph } = network;
  const { branches, nodes } = fedBranches(network, branch);
  let transformadores = 0;
  for (const b of branches) if (graph.branches[b]?.table === 'untrd') transformadores++;
  let consumidoresBt = 0;
  let consumidoresMt = 0;
  for (const node of nodes) {
    const pac = graph.nodeNames[node] as string;
    consumidoresBt += network.consumersBt.get(pac) ?? 0;
    consumidoresMt += network.consumersMt.get(pac) ?? 0;
  }
  return {
    elementos: branches.map((b) => element(graph, b)),
    transformadores,
    consumidores_bt: consumidoresBt,
    consumidores_mt: consumidoresMt,
  };
}
