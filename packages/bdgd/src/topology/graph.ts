// Connectivity of a BDGD network built from PAC strings (never from geometry), oriented by tracing from each
// feeder head (CTMT.PAC_INI). The order of PAC_1/PAC_2 is not a direction and differs between files;
// normally-open switches split the network. Pure computation: no I/O.

export interface BranchInput {
  /** Layer table the element comes from (ssdmt, unsemt, untrd…). */
  table: string;
  /** Source record id (the table's `id`). */
  id: number;
  codId: string | null;
  pac1: string | null;
  pac2: string | null;
  ctmt: string | null;
  /** Normally open (P_N_OPE = 'A'): present in the data, but not conducting. */
  open: boolean;
}

export interface FeederHead {
  ctmt: string;
  pac: string;
}

export interface TopologyIssue {
  tipo: 'inalcancavel' | 'ilha' | 'malha' | 'paralelo' | 'alimentador_divergente' | 'alimentacao_dupla';
  branches: number[];
  detail: string;
}

/** Empty-ish PAC values that mean "no node" in BDGD ('0' is used for unused terminals). */
export function isNoNode(pac: string | null | undefined): boolean {
  return pac === null || pac === undefined || pac.trim() === '' || pac === '0';
}

export class NetworkGraph {
  readonly branches: BranchInput[];
  readonly nodeNames: string[] = [];
  private readonly nodeIndex = new Map<string, number>();
  /** CSR adjacency: for node n, branch indexes incident are adjBranch[adjStart[n] .. adjStart[n+1]). */
  private adjStart!: Int32Array;
  private adjBranch!: Int32Array;
  readonly branchNode1: Int32Array;
  readonly branchNode2: Int32Array;
  /** Per node: branch index through which it was reached from its head (-1 for heads and unreached). */
  readonly parentBranch: Int32Array;
  /** Per node: feeder index (into `heads`) that reaches it, -1 when unreached. */
  readonly nodeFeeder: Int32Array;
  /** Per node: hop count from the head. */
  readonly depth: Int32Array;
  /** Per branch: upstream node (source side) once oriented, -1 when unreached. */
  readonly upstreamNode: Int32Array;
  readonly heads: FeederHead[];
  readonly issues: TopologyIssue[] = [];
  private readonly byCode = new Map<string, number[]>();

  constructor(branches: BranchInput[], heads: FeederHead[]) {
    this.branches = branches;
    this.heads = heads;
    const n1 = new Int32Array(branches.length);
    const n2 = new Int32Array(branches.length);
    branches.forEach((b, i) => {
      n1[i] = isNoNode(b.pac1) ? -1 : this.node(b.pac1 as string);
      n2[i] = isNoNode(b.pac2) ? -1 : this.node(b.pac2 as string);
      if (b.codId) {
        const list = this.byCode.get(b.codId);
        if (list) list.push(i);
        else this.byCode.set(b.codId, [i]);
      }
    });
    for (const head of heads) this.node(head.pac);
    this.branchNode1 = n1;
    this.branchNode2 = n2;
    this.buildAdjacency();
    const nodes = this.nodeNames.length;
    this.parentBranch = new Int32Array(nodes).fill(-1);
    this.nodeFeeder = new Int32Array(nodes).fill(-1);
    this.depth = new Int32Array(nodes).fill(-1);
    this.upstreamNode = new Int32Array(branches.length).fill(-1);
    this.trace();
  }

  private node(pac: string): number {
    let index = this.nodeIndex.get(pac);
    if (index === undefined) {
      index = this.nodeNames.length;
      this.nodeIndex.set(pac, index);
      this.nodeNames.push(pac);
    }
    return index;
  }

  private buildAdjacency(): void {
    const nodes = this.nodeNames.length;
    const degree = new Int32Array(nodes + 1);
    for (let i = 0; i < this.branches.length; i++) {
      const a = this.branchNode1[i] as number;
      const b = this.branchNode2[i] as number;
      if (a >= 0) degree[a + 1] = (degree[a + 1] as number) + 1;
      if (b >= 0 && b !== a) degree[b + 1] = (degree[b + 1] as number) + 1;
    }
    for (let n = 0; n < nodes; n++) degree[n + 1] = (degree[n + 1] as number) + (degree[n] as number);
    this.adjStart = degree;
    this.adjBranch = new Int32Array(degree[nodes] as number);
    const fill = degree.slice(0, nodes);
    for (let i = 0; i < this.branches.length; i++) {
      const a = this.branchNode1[i] as number;
      const b = this.branchNode2[i] as number;
      if (a >= 0) this.adjBranch[(fill[a] as number)++] = i;
      if (b >= 0 && b !== a) this.adjBranch[(fill[b] as number)++] = i;
    }
  }

  /** Index of the node at the far end of branch `branch` seen from `node`. */
  private other(branch: number, node: number): number {
    const a = this.branchNode1[branch] as number;
    return a === node ? (this.branchNode2[branch] as number) : a;
  }

  /** Breadth-first trace from every feeder head through closed elements. */
  private trace(): void {
    const visitedBranch = new Uint8Array(this.branches.length);
    const queue = new Int32Array(this.nodeNames.length);
    const loops: number[] = [];
    const doubleFed: number[] = [];
    this.heads.forEach((head, feeder) => {
      const start = this.nodeIndex.get(head.pac) as number;
      if (this.nodeFeeder[start] !== -1) {
        doubleFed.push(-1);
        return;
      }
      let read = 0;
      let write = 0;
      queue[write++] = start;
      this.nodeFeeder[start] = feeder;
      this.depth[start] = 0;
      while (read < write) {
        const node = queue[read++] as number;
        for (let k = this.adjStart[node] as number; k < (this.adjStart[node + 1] as number); k++) {
          const branch = this.adjBranch[k] as number;
          if (visitedBranch[branch]) continue;
          visitedBranch[branch] = 1;
          this.upstreamNode[branch] = node;
          if (this.branches[branch]?.open) continue;
          const next = this.other(branch, node);
          if (next < 0) continue;
          if (this.nodeFeeder[next] === -1) {
            this.nodeFeeder[next] = feeder;
            this.parentBranch[next] = branch;
            this.depth[next] = (this.depth[node] as number) + 1;
            queue[write++] = next;
          } else if (this.nodeFeeder[next] === feeder) {
            loops.push(branch);
          } else {
            doubleFed.push(branch);
          }
        }
      }
    });
    this.collectIssues(
      visitedBranch,
      loops,
      doubleFed.filter((b) => b >= 0),
    );
  }

  private collectIssues(visited: Uint8Array, loops: number[], doubleFed: number[]): void {
    const unreached: number[] = [];
    for (let i = 0; i < this.branches.length; i++) if (!visited[i]) unreached.push(i);
    if (unreached.length > 0) {
      this.issues.push({
        tipo: 'inalcancavel',
        branches: unreached,
        detail: 'elementos que nenhum início de alimentador alcança (com as chaves no estado normal)',
      });
      const islands = this.countIslands(unreached);
      if (islands > 0) {
        this.issues.push({
          tipo: 'ilha',
          branches: unreached,
          detail: `${islands} ilha(s) de rede sem alimentador`,
        });
      }
    }
    if (loops.length > 0) {
      this.issues.push({
        tipo: 'malha',
        branches: loops,
        detail: 'elementos que fecham malha dentro do alimentador',
      });
    }
    if (doubleFed.length > 0) {
      this.issues.push({
        tipo: 'alimentacao_dupla',
        branches: doubleFed,
        detail: 'elementos fechados que ligam dois alimentadores (deveriam estar abertos)',
      });
    }
    const parallel = this.findParallel();
    if (parallel.length > 0) {
      this.issues.push({
        tipo: 'paralelo',
        branches: parallel,
        detail: 'elementos em paralelo (mesmo par de PAC)',
      });
    }
    const divergent: number[] = [];
    for (let i = 0; i < this.branches.length; i++) {
      const ctmt = this.branches[i]?.ctmt;
      const up = this.upstreamNode[i] as number;
      // An open device at a boundary between feeders may be declared on either side.
      if (!ctmt || up < 0 || this.branches[i]?.open) continue;
      const feeder = this.heads[this.nodeFeeder[up] as number]?.ctmt;
      if (feeder !== undefined && feeder !== ctmt) divergent.push(i);
    }
    if (divergent.length > 0) {
      this.issues.push({
        tipo: 'alimentador_divergente',
        branches: divergent,
        detail: 'CTMT do elemento difere do alimentador que o alcança pela topologia',
      });
    }
  }

  private countIslands(unreached: number[]): number {
    const seen = new Uint8Array(this.nodeNames.length);
    let islands = 0;
    const stack: number[] = [];
    for (const branch of unreached) {
      for (const start of [this.branchNode1[branch] as number, this.branchNode2[branch] as number]) {
        if (start < 0 || seen[start] || this.nodeFeeder[start] !== -1) continue;
        islands++;
        seen[start] = 1;
        stack.push(start);
        while (stack.length > 0) {
          const node = stack.pop() as number;
          for (let k = this.adjStart[node] as number; k < (this.adjStart[node + 1] as number); k++) {
            const next = this.other(this.adjBranch[k] as number, node);
            if (next >= 0 && !seen[next] && this.nodeFeeder[next] === -1) {
              seen[next] = 1;
              stack.push(next);
            }
          }
        }
      }
    }
    return islands;
  }

  private findParallel(): number[] {
    const seen = new Map<string, number>();
    const parallel: number[] = [];
    for (let i = 0; i < this.branches.length; i++) {
      const a = this.branchNode1[i] as number;
      const b = this.branchNode2[i] as number;
      if (a < 0 || b < 0 || this.branches[i]?.open) continue;
      const key = a < b ? `${a}:${b}` : `${b}:${a}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else parallel.push(i);
    }
    return parallel;
  }

  /** Branch indexes whose COD_ID is `codId` (COD_ID is unique per layer, not across layers). */
  findByCode(codId: string): number[] {
    return this.byCode.get(codId) ?? [];
  }

  /** Downstream (load-side) node of an oriented branch, -1 when unreached or open. */
  downstreamNode(branch: number): number {
    const up = this.upstreamNode[branch] as number;
    if (up < 0 || this.branches[branch]?.open) return -1;
    return this.other(branch, up);
  }

  /** Branches from the element up to its feeder head, nearest first. */
  upstream(branch: number): number[] {
    const path: number[] = [];
    let node = this.upstreamNode[branch] as number;
    while (node >= 0) {
      const parent = this.parentBranch[node] as number;
      if (parent < 0) break;
      path.push(parent);
      node = this.upstreamNode[parent] as number;
    }
    return path;
  }

  /** Every branch fed through the element (including open devices at the boundary), in BFS order. */
  downstream(branch: number): number[] {
    const start = this.downstreamNode(branch);
    if (start < 0) return [];
    const result: number[] = [];
    const queue = [start];
    for (let read = 0; read < queue.length; read++) {
      const node = queue[read] as number;
      for (let k = this.adjStart[node] as number; k < (this.adjStart[node + 1] as number); k++) {
        const next = this.adjBranch[k] as number;
        if (next === branch || this.upstreamNode[next] !== node) continue;
        result.push(next);
        const child = this.downstreamNode(next);
        if (child >= 0 && this.parentBranch[child] === next) queue.push(child);
      }
    }
    return result;
  }

  /** Feeder (CTMT) that reaches a node by name, if any. */
  feederOfNode(pac: string): string | undefined {
    const node = this.nodeIndex.get(pac);
    if (node === undefined) return undefined;
    return this.heads[this.nodeFeeder[node] as number]?.ctmt;
  }
}
