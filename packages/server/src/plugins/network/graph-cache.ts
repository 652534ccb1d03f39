// Network graphs per import (built from PAC strings by @rede-eletrica/bdgd), plus the consumers attached to
// each node, kept until the import generation changes. Concurrent requests share one build.
import { loadNetworkGraph, type NetworkGraph } from '@rede-eletrica/bdgd';
import type { Database } from '../../db/database.ts';
import { PerGeneration } from '../../db/generation.ts';
import { columnOr } from '../../db/select.ts';

export interface ImportNetwork {
  idImportado: number;
  graph: NetworkGraph;
  /** Distinct LV consumers (UCBT_tab) per PAC; a consumer's PAC is its service drop's (RAMLIG) PAC. */
  consumersBt: Map<string, number>;
  /** Distinct MV consumers (UCMT_tab) per PAC. */
  consumersMt: Map<string, number>;
  /** Per feeder index: branches leaving its head node (PAC_INI). */
  headBranches: Map<number, number[]>;
  /**
   * Feeder breakers: switches at PAC_INI whose other terminal no other element uses (in Mux `1DJ_15`
   * sits between the dummy node `1DJ15` and PAC_INI). Branch index → feeder index.
   */
  headBreakers: Map<number, number>;
}

const SWITCH_LAYERS = new Set(['unsemt', 'unseat', 'unsebt']);

/** Branches at each feeder head and the feeder breakers among them (see `ImportNetwork.headBreakers`). */
export function feederHeads(graph: NetworkGraph): Pick<ImportNetwork, 'headBranches' | 'headBreakers'> {
  const degree = new Int32Array(graph.nodeNames.length);
  for (let i = 0; i < graph.branches.length; i++) {
    const a = graph.branchNode1[i] as number;
    const b = graph.branchNode2[i] as number;
    if (a >= 0) degree[a] = (degree[a] as number) + 1;
    if (b >= 0 && b !== a) degree[b] = (degree[b] as number) + 1;
  }
  const headBranches = new Map<number, number[]>();
  const headBreakers = new Map<number, number>();
  for (let i = 0; i < graph.branches.length; i++) {
    const up = graph.upstreamNode[i] as number;
    if (up < 0 || graph.depth[up] !== 0) continue;
    const feeder = graph.nodeFeeder[up] as number;
    const list = headBranches.get(feeder);
    if (list) list.push(i);
    else headBranches.set(feeder, [i]);
    const a = graph.branchNode1[i] as number;
    const far = a === up ? (graph.branchNode2[i] as number) : a;
    if (SWITCH_LAYERS.has(graph.branches[i]?.table ?? '') && (far < 0 || degree[far] === 1)) {
      headBreakers.set(i, feeder);
    }
  }
  return { headBranches, headBreakers };
}

async function consumersByPac(
  db: Database,
  table: string,
  idImportado: number,
): Promise<Map<string, number>> {
  const columns = await db.columns.get();
  if (!columns.get(table)?.has('pac')) return new Map();
  const code = columnOr(columns, table, 'c', 'cod_id', 'c.id::text');
  const result = await db.pool.query<{ pac: string; n: number }>(
    `SELECT c.pac, count(DISTINCT ${code})::int AS n FROM public.${table} c
      WHERE c.id_importado = $1 AND c.pac IS NOT NULL GROUP BY c.pac`,
    [idImportado],
  );
  return new Map(result.rows.map((r) => [r.pac, r.n]));
}

export function networkCache(db: Database): PerGeneration<ImportNetwork> {
  return new PerGeneration(
    db.generation,
    async (key) => {
      const idImportado = Number(key);
      const [graph, consumersBt, consumersMt] = await Promise.all([
        loadNetworkGraph(db.pool, { kind: 'live', idImportado }),
        consumersByPac(db, 'ucbt_tab', idImportado),
        consumersByPac(db, 'ucmt_tab', idImportado),
      ]);
      return { idImportado, graph, consumersBt, consumersMt, ...feederHeads(graph) };
    },
    4,
  );
}
