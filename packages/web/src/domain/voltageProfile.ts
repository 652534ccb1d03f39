// Voltage profile of a solved feeder (distance from the feeder head × voltage). The power-flow result
// carries no distances, so they are computed here from the GeoJSON geometry: segments are joined where
// their end points coincide (to ~0.1 m), the head is the end of the most loaded MV segment (the one out
// of the substation carries the whole feeder current) that touches nothing else, and distances are path
// lengths along the (radial) network from there. Segments not joined to the head are left out and counted.
import type { PowerFlowFeatureCollection } from '../api/client.ts';

export interface ProfilePoint {
  /** Distance along the network from the feeder head to the segment's far end, km. */
  km: number;
  /** Lowest phase voltage at the segment's far bus, pu. */
  pu: number;
  nivel: string;
}

export interface VoltageProfile {
  points: ProfilePoint[];
  /** Segments with a voltage that could not be joined to the head. */
  unreached: number;
}

type Position = [number, number];

function lines(geometry: unknown): Position[][] {
  const g = geometry as { type?: string; coordinates?: unknown } | null;
  if (g?.type === 'LineString') return [g.coordinates as Position[]];
  if (g?.type === 'MultiLineString') return g.coordinates as Position[][];
  return [];
}

function metres(a: Position, b: Position): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

const key = (p: Position) => `${p[0].toFixed(6)},${p[1].toFixed(6)}`;

interface Edge {
  a: string;
  b: string;
  length: number;
  pu: number | null;
  nivel: string;
  current: number;
}

export function voltageProfile(result: PowerFlowFeatureCollection): VoltageProfile {
  const edges: Edge[] = [];
  const adjacency = new Map<string, number[]>();
  for (const f of result.features) {
    const parts = lines(f.geometry).filter((l) => l.length >= 2);
    const first = parts[0]?.[0];
    const lastPart = parts[parts.length - 1];
    const last = lastPart?.[lastPart.length - 1];
    if (!first || !last) continue;
    let length = 0;
    for (const part of parts)
      for (let i = 1; i < part.length; i++) length += metres(part[i - 1] as Position, part[i] as Position);
    const edge: Edge = {
      a: key(first),
      b: key(last),
      length,
      pu: f.properties.tensao_min_pu,
      nivel: f.properties.nivel,
      current: f.properties.corrente_a ?? 0,
    };
    const index = edges.push(edge) - 1;
    for (const node of [edge.a, edge.b]) {
      const list = adjacency.get(node);
      if (list) list.push(index);
      else adjacency.set(node, [index]);
    }
  }
  const withVoltage = edges.filter((e) => e.pu !== null).length;
  const mv = edges.filter((e) => e.nivel === 'MT');
  const top = (mv.length > 0 ? mv : edges).reduce<Edge | null>(
    (best, e) => (best === null || e.current > best.current ? e : best),
    null,
  );
  if (!top) return { points: [], unreached: withVoltage };
  const degree = (n: string) => adjacency.get(n)?.length ?? 0;
  const head = degree(top.a) <= degree(top.b) ? top.a : top.b;

  // Radial network: a depth-first walk gives each node its path length from the head.
  const distance = new Map<string, number>([[head, 0]]);
  const visited = new Set<number>();
  const stack = [head];
  const points: ProfilePoint[] = [];
  while (stack.length > 0) {
    const node = stack.pop() as string;
    const base = distance.get(node) ?? 0;
    for (const index of adjacency.get(node) ?? []) {
      if (visited.has(index)) continue;
      visited.add(index);
      const edge = edges[index] as Edge;
      const far = edge.a === node ? edge.b : edge.a;
      const d = base + edge.length;
      if (edge.pu !== null) points.push({ km: d / 1000, pu: edge.pu, nivel: edge.nivel });
      if (!distance.has(far)) {
        distance.set(far, d);
        stack.push(far);
      }
    }
  }
  points.sort((x, y) => x.km - y.km);
  return { points, unreached: withVoltage - points.length };
}
