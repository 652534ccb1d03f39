// LiveTelemetry's batches in slices (live/LiveTelemetry.ts), without a browser: a fake map counts the
// feature-state changes made in each animation frame. A burst of readings must be applied over several
// frames, never more than the per-slice limit of feature-state changes in one, with the latest reading of
// each transformer winning; while the view is aggregated only the cells' counts move (the hidden circles'
// feature-state waits), and it is all set when the view returns to individual circles. No timing is
// asserted: only counts and final states.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { TransformerStatus } from '../src/api/client.ts';
import type { LiveTelemetry } from '../src/live/LiveTelemetry.ts';
import type { AggregateCollection, AggregateProperties } from '../src/live/statusAggregates.ts';

/** Most feature-state changes in one slice (LiveTelemetry's SLICE_MAX_STATES). */
const SLICE_MAX_STATES = 2000;
const STATUSES: TransformerStatus[] = ['NORMAL', 'ALERTA', 'CRITICO'];

const frames: Array<() => void> = [];
const sockets: FakeSocket[] = [];
const saved: Record<string, unknown> = {};

class FakeSocket {
  static readonly OPEN = 1;
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {
    sockets.push(this);
  }
  send(): void {}
  close(): void {
    this.readyState = 3;
  }
}

class FakeMap {
  zoom = 15.5;
  /** Feature-state of the `untrd` source by transformer code. */
  readonly states = new Map<string, { status?: TransformerStatus | null; desatualizado?: boolean }>();
  /** Feature-state changes of the `untrd` source so far. */
  calls = 0;
  positions: Array<{ cod: string; lon: number; lat: number }> = [];
  private readonly handlers = new Map<string, Array<(e: unknown) => void>>();

  on(event: string, fn: (e: unknown) => void): void {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
  }
  off(): void {}
  once(): void {}
  emit(event: string, e: unknown = {}): void {
    for (const fn of this.handlers.get(event) ?? []) fn(e);
  }
  loaded(): boolean {
    return false;
  }
  getZoom(): number {
    return this.zoom;
  }
  getBounds() {
    return {
      getWest: () => -48,
      getEast: () => -47.8,
      getSouth: () => -15.9,
      getNorth: () => -15.7,
      contains: () => true,
    };
  }
  getSource(id: string): unknown {
    return id === 'untrd' ? {} : undefined;
  }
  setFeatureState(f: { source: string; id: string }, state: { status: TransformerStatus | null }): void {
    if (f.source !== 'untrd') return;
    this.calls++;
    this.states.set(f.id, { ...this.states.get(f.id), ...state });
  }
  querySourceFeatures() {
    return this.positions.map((p) => ({
      properties: { cod_id: p.cod },
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
    }));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the animation frames LiveTelemetry asks for until `done`; the feature-state changes of each. */
async function runFrames(map: FakeMap, done: () => boolean): Promise<number[]> {
  const perFrame: number[] = [];
  for (let i = 0; i < 5000 && !done(); i++) {
    if (frames.length === 0) {
      await sleep(20);
      continue;
    }
    const before = map.calls;
    for (const f of frames.splice(0)) f();
    perFrame.push(map.calls - before);
  }
  assert.ok(done(), 'tudo aplicado');
  return perFrame;
}

function reading(cod: string, status: TransformerStatus): { data: string } {
  return {
    data: JSON.stringify({
      tipo: 'telemetria',
      cod_transformador: cod,
      status,
      dados: { timestamp: new Date().toISOString(), status },
    }),
  };
}

before(() => {
  for (const k of ['window', 'WebSocket', 'requestAnimationFrame', 'cancelAnimationFrame', 'fetch'])
    saved[k] = (globalThis as Record<string, unknown>)[k];
  const win = new EventTarget() as EventTarget & { location: { protocol: string; host: string } };
  win.location = { protocol: 'http:', host: 'localhost' };
  Object.assign(globalThis, {
    window: win,
    WebSocket: FakeSocket,
    requestAnimationFrame: (cb: (t: number) => void) => frames.push(() => cb(performance.now())),
    cancelAnimationFrame: () => undefined,
    // The status endpoint of the view: nothing known yet.
    fetch: async () => new Response(JSON.stringify({ type: 'FeatureCollection', features: [] })),
  });
});

after(() => {
  Object.assign(globalThis, saved);
});

async function start(map: FakeMap) {
  const { LiveTelemetry } = await import('../src/live/LiveTelemetry.ts');
  let cells: AggregateCollection | null = null;
  const live: LiveTelemetry = new LiveTelemetry(map as unknown as MapLibreMap, {
    show: (data) => {
      cells = data;
    },
    update: () => undefined,
  });
  const socket = sockets.at(-1);
  assert.ok(socket);
  socket.readyState = 1;
  socket.onopen?.();
  return { live, socket, cells: () => cells };
}

test('uma rajada é aplicada em fatias limitadas, a última leitura de cada transformador vence', async () => {
  const map = new FakeMap();
  const { live, socket } = await start(map);
  try {
    const n = 5000;
    // Two readings per transformer in the burst: the second one must win.
    for (let i = 0; i < n; i++) socket.onmessage?.(reading(`T${i}`, 'OFFLINE'));
    for (let i = 0; i < n; i++) socket.onmessage?.(reading(`T${i}`, STATUSES[i % 3] as TransformerStatus));
    const perFrame = await runFrames(map, () => map.states.size === n);
    assert.ok(perFrame.length >= Math.ceil(n / SLICE_MAX_STATES), `${perFrame.length} fatias`);
    assert.ok(Math.max(...perFrame) <= SLICE_MAX_STATES, `no máximo ${SLICE_MAX_STATES} por quadro`);
    assert.equal(map.calls, n, 'um feature-state por transformador');
    for (let i = 0; i < n; i++) {
      assert.equal(map.states.get(`T${i}`)?.status, STATUSES[i % 3]);
      assert.equal(live.shownStatus(`T${i}`)?.status, STATUSES[i % 3]);
    }
  } finally {
    live.destroy();
  }
});

test('em grupos só as contagens mudam; de volta aos círculos, o estado de cada um é aplicado', async () => {
  const map = new FakeMap();
  map.zoom = 13;
  const n = 3000;
  map.positions = Array.from({ length: n }, (_, i) => ({
    cod: `G${i}`,
    lon: -47.9 + (i % 60) * 0.001,
    lat: -15.8 + Math.floor(i / 60) * 0.001,
  }));
  const { live, socket, cells } = await start(map);
  try {
    // The view's cells are built after the (debounced) move.
    map.emit('moveend');
    for (let i = 0; i < 100 && !cells(); i++) await sleep(20);
    const built = cells();
    assert.ok(built, 'grupos desenhados');
    for (let i = 0; i < n; i++) socket.onmessage?.(reading(`G${i}`, STATUSES[i % 3] as TransformerStatus));
    await runFrames(map, () => live.shownStatus(`G${n - 1}`) !== undefined);
    await runFrames(map, () => frames.length === 0);
    assert.equal(map.calls, 0, 'nenhum feature-state dos círculos escondidos');
    const sum = (k: keyof AggregateProperties) =>
      built.features.reduce((s, f) => s + Number(f.properties[k]), 0);
    assert.equal(sum('NORMAL'), n / 3);
    assert.equal(sum('ALERTA'), n / 3);
    assert.equal(sum('CRITICO'), n / 3);
    assert.equal(sum('SEM_DADOS'), 0);
    assert.equal(sum('total'), n);

    // Zoomed in: individual circles again, each with its state, in bounded slices.
    map.zoom = 15.5;
    map.emit('moveend');
    const perFrame = await runFrames(map, () => map.states.size === n);
    assert.equal(cells(), null, 'grupos retirados');
    assert.ok(Math.max(...perFrame) <= SLICE_MAX_STATES, `no máximo ${SLICE_MAX_STATES} por quadro`);
    for (let i = 0; i < n; i++) assert.equal(map.states.get(`G${i}`)?.status, STATUSES[i % 3]);
  } finally {
    live.destroy();
  }
});
