// Console frame-time / memory benchmark (issue 5): the built console (packages/web/dist) in Chromium while
// a burst of transformer status updates is applied for N synthetic live transformers (10 000, 100 000).
//
//   node --import tsx bench/console.ts [--transformadores 10000,100000] [--duracao 300] [--periodo 30]
//                                      [--pico-por-tarefa 1] [--saida docs/benchmarks/console.md]
//                                      (WEB_SKIP_BUILD=1 skips vite build)
//
// How the fleet is made synthetic without touching product code paths:
//   - a small HTTP server serves the real `dist/` plus the few API routes the console reads at start-up
//     (`/importacoes` with one import, `/tiles/catalogo`, `/alimentadores` = []) and the `untrd` vector
//     tiles cut on the fly (geojson-vt + vt-pbf, source layer `untrd`, property `cod_id`) from N points
//     spread over the viewport — so MapController adds its own `untrd` source/layer exactly as in production;
//   - only the WebSocket transport is replaced (init script): the console's ReconnectingSocket gets a
//     socket whose `onmessage` is fed JSON text frames `{tipo:'telemetria', cod_transformador, status,
//     dados}` from inside the page, so every message goes through the same JSON.parse → LiveTelemetry
//     queue → batched flush (LiveTelemetry's interval) → setFeatureState / aggregates path as a real
//     `/ws/telemetria` frame.
//   Going through the real server (MQTT → Redis → WS) would put 3 000+ msg/s of server work on the same
//   2 cores as the browser and measure the pipeline (bench/telemetry covers it), not the console.
//
// Phases per N: (1) stream — for `--duracao` s every transformer changes status every `--periodo` s
// (N/periodo messages/s, delivered every ~16 ms); (2) spike — every transformer changes status at once,
// delivered as a WebSocket delivers it: each message event is its own task (`--pico-por-tarefa` messages
// per task, 1 by default; a MessageChannel pump, so the browser may render between tasks) — the server
// sends one frame per reading (packages/telemetry hub; a subscription's snapshot is also one frame per
// transformer, at most 5 000); (3) spike in ONE task (all N messages parsed and queued in a single task,
// as the first version of this harness did): a worst case no WebSocket produces, kept for comparison.
// Measured in the page: rAF deltas (frame
// time), PerformanceObserver `long-animation-frame` / `longtask`; JS heap via CDP `Performance.getMetrics`
// (after a forced GC) and `performance.memory`.
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { type CDPSession, chromium, type Page } from 'playwright-core';

declare global {
  interface Window {
    __map?: import('maplibre-gl').Map;
    __live?: import('../packages/web/src/live/LiveTelemetry.ts').LiveTelemetry;
  }
}

const { values } = parseArgs({
  options: {
    transformadores: { type: 'string', default: '10000,100000' },
    duracao: { type: 'string', default: '300' },
    periodo: { type: 'string', default: '30' },
    'pico-por-tarefa': { type: 'string', default: '1' },
    /** Writes a CPU profile of the renderer during the spike phase to this path (suffix `-N.cpuprofile`). */
    perfil: { type: 'string' },
    /** Writes a Chrome trace of the stream phase to this path (suffix `-N.json`): what the long tasks are. */
    rastro: { type: 'string' },
    /** Another build of the console to measure (e.g. an earlier commit's), instead of packages/web/dist. */
    dist: { type: 'string' },
    saida: { type: 'string' },
  },
});
const SIZES = (values.transformadores as string).split(',').map(Number);
const DURATION_S = Number(values.duracao);
const PERIOD_S = Number(values.periodo);
const SPIKE_PER_TASK = Math.max(1, Number(values['pico-por-tarefa']));
const ROOT = new URL('..', import.meta.url).pathname;
const DIST = values.dist ? resolve(values.dist) : join(ROOT, 'packages/web/dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1500, height: 900 };
const CENTER: [number, number] = [-47.9, -15.8];
const ZOOM = 13.5;
// Visible extent at z13.5 (512 px tiles) in a 1500×900 view is ≈ 0.09° × 0.052°: the whole fleet is in
// view (the console subscribes to the view's bbox, so the live transformers are the drawn ones).
const HALF_LON = 0.042;
const HALF_LAT = 0.024;
const NETWORK_TABLES = ['ssdat', 'ssdbt', 'ssdmt', 'sub', 'uncrmt', 'unremt', 'unsemt', 'untrd'];

const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

function fleetIndex(n: number): GeoJSONVT {
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const features = Array.from({ length: n }, (_, i) => ({
    type: 'Feature' as const,
    properties: { cod_id: `T${i}` },
    geometry: {
      type: 'Point' as const,
      coordinates: [CENTER[0] + (random() * 2 - 1) * HALF_LON, CENTER[1] + (random() * 2 - 1) * HALF_LAT],
    },
  }));
  return new GeoJSONVT(
    { type: 'FeatureCollection', features },
    { maxZoom: 14, indexMaxZoom: 5, extent: 4096 },
  );
}

function startServer(state: { index: GeoJSONVT | null; n: number }): Promise<Server> {
  const json = (res: import('node:http').ServerResponse, body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (path === '/importacoes') {
      return json(res, [
        {
          id_importado: 1,
          nome: `frota sintética (${state.n} transformadores)`,
          distribuidora: null,
          importado_em: new Date().toISOString(),
          contagens: { untrd: state.n },
        },
      ]);
    }
    if (path === '/tiles/catalogo') {
      return json(res, {
        camadas: NETWORK_TABLES.map((camada) => ({ camada, nome: camada, minzoom: 0, maxzoom: 14 })),
      });
    }
    if (path === '/alimentadores') return json(res, []);
    if (path.startsWith('/mapa/transformadores/status'))
      return json(res, { type: 'FeatureCollection', features: [] });
    const tile = /^\/tiles\/(\w+)\/(\d+)\/(\d+)\/(\d+)\.pbf$/.exec(path);
    if (tile) {
      const [, table, z, x, y] = tile;
      const t = table === 'untrd' ? state.index?.getTile(Number(z), Number(x), Number(y)) : null;
      res.writeHead(200, { 'content-type': 'application/x-protobuf' });
      return res.end(
        t ? Buffer.from(fromGeojsonVt({ untrd: t }, { version: 2, extent: 4096 })) : Buffer.alloc(0),
      );
    }
    const file = join(DIST, normalize(path === '/' ? '/index.html' : path));
    if (file.startsWith(DIST) && existsSync(file) && !file.endsWith('/')) {
      try {
        const body = readFileSync(file);
        res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
        return res.end(body);
      } catch {
        /* directory: fall through */
      }
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"mensagem":"não encontrado"}');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Replaces window.WebSocket by a socket the page harness feeds (`window.__bench.sockets`). */
function fakeWebSocket(): void {
  const sockets: FakeSocket[] = [];
  class FakeSocket extends EventTarget {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readyState = 0;
    readonly sent: string[] = [];
    onopen: ((e: Event) => void) | null = null;
    onmessage: ((e: MessageEvent) => void) | null = null;
    onclose: ((e: Event) => void) | null = null;
    onerror: ((e: Event) => void) | null = null;
    constructor(readonly url: string) {
      super();
      sockets.push(this);
      setTimeout(() => {
        this.readyState = 1;
        this.onopen?.(new Event('open'));
      }, 0);
    }
    send(data: string): void {
      this.sent.push(data);
    }
    close(): void {
      this.readyState = 3;
    }
  }
  (window as unknown as { WebSocket: unknown }).WebSocket = FakeSocket;
  (window as unknown as { __benchSockets: FakeSocket[] }).__benchSockets = sockets;
}

interface PhaseResult {
  messages: number;
  applyMs: number;
  frames: number;
  maxFrameMs: number;
  p95FrameMs: number;
  p50FrameMs: number;
  over100: number;
  over50: number;
  loafMax: number;
  loafCount: number;
  longTaskMax: number;
  longTaskCount: number;
}

/** Runs in the page: delivers the messages, measures frames, resolves when the last one is applied. */
function runPhase(args: {
  n: number;
  durationMs: number;
  periodMs: number;
  spike: boolean;
  /** Spike: messages delivered per task (≥ n: all in one task). */
  perTask: number;
  round0: number;
}) {
  const STATUSES = ['NORMAL', 'ALERTA', 'CRITICO'];
  const w = window as unknown as {
    __benchSockets: Array<{ url: string; onmessage: ((e: MessageEvent) => void) | null }>;
  };
  const socket = w.__benchSockets.filter((s) => s.url.endsWith('/ws/telemetria')).at(-1);
  if (!socket?.onmessage) throw new Error('sem socket de telemetria');
  const onmessage = socket.onmessage;
  // Consoles before `shownStatus` set every transformer's feature-state, even while aggregated.
  const live = window.__live;
  const shown = (id: string) =>
    live
      ? live.shownStatus(id)?.status
      : window.__map?.getFeatureState({ source: 'untrd', sourceLayer: 'untrd', id })?.status;
  const deltas: number[] = [];
  const loaf: number[] = [];
  const longTasks: number[] = [];
  const observers: PerformanceObserver[] = [];
  for (const [type, into] of [
    ['long-animation-frame', loaf],
    ['longtask', longTasks],
  ] as const) {
    try {
      const o = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) into.push(e.duration);
      });
      o.observe({ type, buffered: false });
      observers.push(o);
    } catch {
      /* type not supported */
    }
  }
  let last = performance.now();
  let measuring = true;
  const tick = (now: number) => {
    deltas.push(now - last);
    last = now;
    if (measuring) requestAnimationFrame(tick);
  };
  requestAnimationFrame((now) => {
    last = now;
    requestAnimationFrame(tick);
  });
  const iso = new Date().toISOString();
  const send = (k: number) => {
    const i = k % args.n;
    const status = STATUSES[(i + args.round0 + Math.floor(k / args.n)) % 3];
    onmessage(
      new MessageEvent('message', {
        data: `{"tipo":"telemetria","cod_transformador":"T${i}","status":"${status}","dados":{"timestamp":"${iso}","status":"${status}","temperatura":45}}`,
      }),
    );
  };
  const total = args.spike ? args.n : Math.round((args.n * args.durationMs) / args.periodMs);
  const started = performance.now();
  return new Promise<Record<string, number>>((resolve) => {
    let sent = 0;
    const lastCods = () => {
      // The final status of the last message of each of the last few transformers.
      const out: Array<[string, string]> = [];
      for (let k = total - 1; k >= Math.max(0, total - 5); k--) {
        const i = k % args.n;
        out.push([`T${i}`, STATUSES[(i + args.round0 + Math.floor(k / args.n)) % 3] as string]);
      }
      return out;
    };
    const finish = () => {
      // Shown = the transformer's own circle or its count in its cell (LiveTelemetry.shownStatus).
      const done = lastCods().every(([id, s]) => shown(id) === s);
      if (!done) {
        requestAnimationFrame(finish);
        return;
      }
      const applyMs = performance.now() - started;
      // Two more frames so the frame that drew the last update is measured.
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          measuring = false;
          for (const o of observers) o.disconnect();
          const sorted = deltas.slice(2).sort((a, b) => a - b);
          const pct = (p: number) =>
            sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
          resolve({
            messages: total,
            applyMs,
            frames: sorted.length,
            maxFrameMs: sorted.at(-1) ?? 0,
            p95FrameMs: pct(0.95),
            p50FrameMs: pct(0.5),
            over100: sorted.filter((d) => d > 100).length,
            over50: sorted.filter((d) => d > 50).length,
            loafMax: Math.max(0, ...loaf),
            loafCount: loaf.length,
            longTaskMax: Math.max(0, ...longTasks),
            longTaskCount: longTasks.length,
          });
        }),
      );
    };
    if (args.spike && args.perTask >= total) {
      setTimeout(() => {
        for (let k = 0; k < total; k++) send(k);
        finish();
      }, 200);
      return;
    }
    if (args.spike) {
      // One task per `perTask` messages, like WebSocket message events: a MessageChannel task posts the
      // next one, so rendering can run between them (setTimeout would be clamped to 4 ms when nested).
      const channel = new MessageChannel();
      let k = 0;
      channel.port1.onmessage = () => {
        const end = Math.min(total, k + args.perTask);
        while (k < end) send(k++);
        if (k < total) channel.port2.postMessage(0);
        else {
          channel.port1.close();
          finish();
        }
      };
      setTimeout(() => channel.port2.postMessage(0), 200);
      return;
    }
    // Stream: messages due by now are delivered every ~16 ms (as WebSocket frames arrive between frames).
    const pump = () => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / args.durationMs) * total));
      while (sent < due) send(sent++);
      if (sent < total) setTimeout(pump, 16);
      else finish();
    };
    setTimeout(pump, 16);
  });
}

/** Runs in the page: repaints every frame for `durationMs` without any update (software-rendering baseline). */
function runRepaint(durationMs: number) {
  const map = window.__map;
  if (!map) throw new Error('sem mapa');
  const deltas: number[] = [];
  return new Promise<Record<string, number>>((resolve) => {
    const started = performance.now();
    let last = started;
    const tick = (now: number) => {
      deltas.push(now - last);
      last = now;
      if (now - started < durationMs) {
        map.triggerRepaint();
        requestAnimationFrame(tick);
        return;
      }
      const sorted = deltas.slice(2).sort((a, b) => a - b);
      const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
      resolve({
        frames: sorted.length,
        maxFrameMs: sorted.at(-1) ?? 0,
        p95FrameMs: pct(0.95),
        p50FrameMs: pct(0.5),
        over100: sorted.filter((d) => d > 100).length,
      });
    };
    map.triggerRepaint();
    requestAnimationFrame(tick);
  });
}

/** Starts a Chrome trace (timeline, V8 and GC categories); the returned function stops it and gives its events. */
async function startTrace(cdp: CDPSession): Promise<() => Promise<unknown[]>> {
  const events: unknown[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'v8',
        'v8.execute',
        'disabled-by-default-v8.gc',
        'toplevel',
        'blink',
        'gpu',
        'cc',
      ],
    },
  });
  return async () => {
    const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.end');
    await done;
    return events;
  };
}

async function heap(cdp: CDPSession, page: Page): Promise<{ cdp: number; perf: number }> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
  const perf = await page.evaluate(
    () =>
      (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ??
      Number.NaN,
  );
  return { cdp: used, perf };
}

const mb = (b: number) => (b / 2 ** 20).toFixed(1);
const ms = (v: number) => v.toFixed(1);

async function measure(n: number, state: { index: GeoJSONVT | null; n: number }, origin: string) {
  state.index = fleetIndex(n);
  state.n = n;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // tsx (keepNames) wraps functions in `__name(…)`: define it in the page for serialized functions.
    await page.addInitScript({ content: `globalThis.__name = (f) => f; (${fakeWebSocket.toString()})();` });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(origin);
    await page.waitForFunction(() => Boolean(window.__map?.getLayer('untrd-circle')), null, {
      timeout: 60_000,
    });
    await page.evaluate(
      ([c, z]) => window.__map?.jumpTo({ center: c as [number, number], zoom: z as number }),
      [CENTER, ZOOM] as const,
    );
    await page.waitForFunction(
      () => Boolean(window.__map?.loaded() && window.__map.areTilesLoaded() && !window.__map.isMoving()),
      null,
      { timeout: 120_000, polling: 200 },
    );
    await page.waitForTimeout(1500); // LiveTelemetry's debounced subscription
    // Transformers in view (the circle layer stays queryable while drawn as aggregates) and the
    // aggregate circles drawn instead of them, if any.
    const rendered = await page.evaluate(() => {
      const map = window.__map;
      if (!map) throw new Error('sem mapa');
      const ids = new Set(
        map.queryRenderedFeatures({ layers: ['untrd-circle'] }).map((f) => f.properties.cod_id),
      );
      const groupLayer = 'untrd-agregado-circle';
      const groups =
        map.getLayer(groupLayer) && map.getLayoutProperty(groupLayer, 'visibility') !== 'none'
          ? map.queryRenderedFeatures({ layers: [groupLayer] })
          : [];
      return { inView: ids.size, groups: groups.length };
    });
    const before = await heap(cdp, page);
    const repaint = (await page.evaluate(runRepaint, 10_000)) as unknown as Omit<
      PhaseResult,
      'messages' | 'applyMs' | 'over50' | 'loafMax' | 'loafCount' | 'longTaskMax' | 'longTaskCount'
    >;
    const traced = values.rastro ? await startTrace(cdp) : null;
    const stream = (await page.evaluate(runPhase, {
      n,
      durationMs: DURATION_S * 1000,
      periodMs: PERIOD_S * 1000,
      spike: false,
      perTask: 0,
      round0: 0,
    })) as unknown as PhaseResult;
    if (traced) writeFileSync(`${values.rastro}-${n}.json`, JSON.stringify(await traced()));
    const afterStreamNoGc = (await cdp.send('Performance.getMetrics')).metrics.find(
      (m) => m.name === 'JSHeapUsedSize',
    )?.value;
    const afterStream = await heap(cdp, page);
    if (values.perfil) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
    }
    const spike = (await page.evaluate(runPhase, {
      n,
      durationMs: 0,
      periodMs: 1,
      spike: true,
      perTask: SPIKE_PER_TASK,
      round0: 1,
    })) as unknown as PhaseResult;
    if (values.perfil) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(`${values.perfil}-${n}.cpuprofile`, JSON.stringify(profile));
    }
    const afterSpike = await heap(cdp, page);
    const spikeOneTask = (await page.evaluate(runPhase, {
      n,
      durationMs: 0,
      periodMs: 1,
      spike: true,
      perTask: n,
      round0: 2,
    })) as unknown as PhaseResult;
    const afterSpikeOneTask = await heap(cdp, page);
    await page.screenshot({ path: `/tmp/bench-console-${n}.png` });
    return {
      n,
      rendered,
      repaint,
      before,
      stream,
      afterStreamNoGc: afterStreamNoGc ?? Number.NaN,
      afterStream,
      spike,
      afterSpike,
      spikeOneTask,
      afterSpikeOneTask,
      errors,
    };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  if (process.env.WEB_SKIP_BUILD !== '1' && !values.dist) {
    execFileSync('npm', ['run', 'build', '-w', '@rede-eletrica/web'], { cwd: ROOT, stdio: 'pipe' });
  }
  const state: { index: GeoJSONVT | null; n: number } = { index: null, n: 0 };
  const server = await startServer(state);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const startedAt = new Date().toISOString();
  const commit = execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
  const dirty = execSync('git status --porcelain -- packages/web bench/console.ts', { cwd: ROOT })
    .toString()
    .trim();
  const loadBefore = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const chromiumVersion = execSync(`${CHROMIUM} --version`).toString().trim();
  const results: Array<Awaited<ReturnType<typeof measure>>> = [];
  try {
    for (const n of SIZES) {
      console.log(`N=${n}: ${DURATION_S} s stream, each transformer every ${PERIOD_S} s …`);
      const r = await measure(n, state, origin);
      console.log(JSON.stringify(r));
      results.push(r);
    }
  } finally {
    server.close();
  }
  const loadAfter = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const row = (label: string, f: (r: (typeof results)[number]) => string) =>
    `| ${label} | ${results.map(f).join(' | ')} |`;
  const phase = (name: 'stream' | 'spike' | 'spikeOneTask') => [
    row('mensagens', (r) => String(r[name].messages)),
    row('tempo para aplicar tudo', (r) => `${(r[name].applyMs / 1000).toFixed(2)} s`),
    row('quadros medidos', (r) => String(r[name].frames)),
    row('quadro máx.', (r) => `${ms(r[name].maxFrameMs)} ms`),
    row('quadro p95 / p50', (r) => `${ms(r[name].p95FrameMs)} / ${ms(r[name].p50FrameMs)} ms`),
    row('quadros > 100 ms (> 50 ms)', (r) => `${r[name].over100} (${r[name].over50})`),
    row('long-animation-frame: máx. (n)', (r) => `${ms(r[name].loafMax)} ms (${r[name].loafCount})`),
    row('longtask: máx. (n)', (r) => `${ms(r[name].longTaskMax)} ms (${r[name].longTaskCount})`),
  ];
  const header = `| | ${results.map((r) => `${r.n.toLocaleString('pt-BR')} transformadores`).join(' | ')} |\n|---|${results.map(() => '---').join('|')}|`;
  const md = `# Benchmark do console: tempo de quadro e memória sob rajada de estados

\`node --import tsx bench/console.ts --transformadores ${SIZES.join(',')} --duracao ${DURATION_S} --periodo ${PERIOD_S}\`

- Commit ${commit}${dirty ? ' (com alterações não commitadas em packages/web ou bench/console.ts)' : ''}${values.dist ? `, console de ${values.dist}` : ''}; ${startedAt} → ${new Date().toISOString()} — máquina: ${cpus().length}× ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB (compartilhada)
- Carga (1/5/15 min): antes ${loadBefore}; depois ${loadAfter}
- ${chromiumVersion}, \`--headless --no-sandbox --disable-gpu\` (WebGL por software, SwiftShader), janela ${VIEWPORT.width}×${VIEWPORT.height}, z${ZOOM} com toda a frota na vista

**Frota sintética, mesmo caminho do produto.** O console de \`packages/web/dist\` é servido com as rotas que ele lê
ao abrir (uma importação, catálogo, nenhum alimentador) e com tiles \`untrd\` gerados na hora (geojson-vt + vt-pbf,
\`cod_id\` como no servidor) para N pontos na vista: o MapController cria a fonte/camada \`untrd\` como em produção.
Só o transporte do WebSocket é trocado: frames de texto JSON \`telemetria\` entram pelo \`onmessage\` do
ReconnectingSocket e seguem JSON.parse → fila do LiveTelemetry → um lote no máximo a cada 250 ms (1 s quando a vista é
desenhada em grupos) → \`setFeatureState\` (e os grupos recalculados no mesmo lote).
Escolhido em vez de publicar no servidor real (MQTT → Redis → WS) porque 3 000+ msg/s de servidor nos mesmos
2 núcleos mediriam o pipeline (ver \`telemetry.md\`), não o console; e importar 100 000 transformadores não cabe.

**Fases.** *Fluxo*: por ${DURATION_S} s cada transformador muda de estado a cada ${PERIOD_S} s (N/${PERIOD_S} msg/s, entregues a cada ~16 ms).
*Pico*: todos os N mudam de estado de uma vez, entregues como um WebSocket entrega: cada mensagem é um evento na sua
própria tarefa (${SPIKE_PER_TASK} por tarefa, por MessageChannel; o navegador pode desenhar entre elas) — o servidor manda um
frame por leitura. *Pico numa só tarefa*: as N mensagens (JSON.parse de todas) numa única tarefa, pior caso que
nenhum WebSocket produz, mantido para comparação com a primeira versão do harness.
Quadro = intervalo entre \`requestAnimationFrame\`; também \`PerformanceObserver\` \`long-animation-frame\` e \`longtask\`.
"Tempo para aplicar tudo" = do início até o estado final dos últimos transformadores estar no feature-state.
Heap = \`Performance.getMetrics\` \`JSHeapUsedSize\` (CDP) após GC forçado.

${header}
${row('transformadores na vista', (r) => String(r.rendered.inView))}
${row('círculos desenhados', (r) => (r.rendered.groups > 0 ? `${r.rendered.groups} grupos (agregados)` : `${r.rendered.inView} (um por transformador)`))}
${row('**Só repintura** (10 s, `triggerRepaint` a cada quadro, sem mensagens)', () => '')}
${row('quadro máx. / p95 / p50', (r) => `${ms(r.repaint.maxFrameMs)} / ${ms(r.repaint.p95FrameMs)} / ${ms(r.repaint.p50FrameMs)} ms`)}
${row('quadros > 100 ms (de n)', (r) => `${r.repaint.over100} (${r.repaint.frames})`)}
${row('**Fluxo**', () => '')}
${phase('stream').join('\n')}
${row(`**Pico** (todos de uma vez, ${SPIKE_PER_TASK} mensagem(ns) por tarefa)`, () => '')}
${phase('spike').join('\n')}
${row('**Pico numa só tarefa** (pior caso)', () => '')}
${phase('spikeOneTask').join('\n')}
${row('heap JS antes (após GC)', (r) => `${mb(r.before.cdp)} MB`)}
${row('heap JS após o fluxo (sem GC / após GC)', (r) => `${mb(r.afterStreamNoGc)} / ${mb(r.afterStream.cdp)} MB`)}
${row('heap JS após o pico (após GC)', (r) => `${mb(r.afterSpike.cdp)} MB`)}
${row('heap JS após o pico numa só tarefa (após GC)', (r) => `${mb(r.afterSpikeOneTask.cdp)} MB`)}
${row('erros na página', (r) => String(r.errors.length))}
`;
  console.log(md);
  if (values.saida) writeFileSync(values.saida, md);
}

await main();
