// Topology defects of an import (unreachable elements, islands, loops, parallel branches, feeders joined by
// closed switches, CTMT disagreeing with the trace), in the defect report's shape.
import type pg from 'pg';
import type { Defect } from '../import/defects.ts';
import { loadNetworkGraph } from './load.ts';

const EXAMPLES = 10;

export async function analyseTopologyDefects(client: pg.ClientBase, workSchema: string): Promise<Defect[]> {
  const graph = await loadNetworkGraph(client, { kind: 'work', schema: workSchema });
  const defects: Defect[] = [];
  for (const issue of graph.issues) {
    const byTable = new Map<string, number[]>();
    for (const b of issue.branches) {
      const table = graph.branches[b]?.table ?? '?';
      const list = byTable.get(table);
      if (list) list.push(b);
      else byTable.set(table, [b]);
    }
    for (const [table, list] of byTable) {
      defects.push({
        tipo: `topologia_${issue.tipo}`,
        camada: table,
        campo: 'PAC_1/PAC_2',
        quantidade: list.length,
        descricao: issue.detail,
        exemplos: list.slice(0, EXAMPLES).map((b) => {
          const branch = graph.branches[b];
          return {
            id: branch?.id,
            cod_id: branch?.codId,
            pac_1: branch?.pac1,
            pac_2: branch?.pac2,
            ctmt: branch?.ctmt,
          };
        }),
      });
    }
  }
  return defects;
}
