// Live transformer status on the map. The transformers are drawn from the `untrd` vector tiles, whose
// colour reads the feature-state `status`; this class only sets feature-state:
//   1. on every pan/zoom (debounced, from zoom MIN_LIVE_ZOOM where transformers are drawn) it asks
//      `GET /mapa/transformadores/status?bbox=` for the view (plus a margin) — values and rated data;
//   2. it moves its `/ws/telemetria` bbox subscription to the same area (the server answers with a
//      snapshot, then streams every reading inside it);
//   3. WebSocket messages are queued and applied in batches, the latest per transformer winning — never
//      a source reset per message. A batch is applied at most every FLUSH_INTERVAL_MS (each batch costs
//      one repaint of the map, ~0.1 s with software WebGL), every AGGREGATE_INTERVAL_MS while aggregated;
//   4. below INDIVIDUAL_ZOOM, when more than AGGREGATE_MIN_IN_VIEW transformers are in view, it hands
//      the map grid aggregates (worst status and count per status per cell, statusAggregates.ts) built
//      from the positions in the loaded `untrd` tiles and the statuses it applied. The cells are built
//      once per view (or tile load); then each status change moves one count of its cell, and a batch
//      updates only the cells that changed, as feature-state in the same task as the transformers' own
//      state — one repaint per batch, no pass over all transformers;
//   5. a batch is applied in slices, one per animation frame, each at most SLICE_BUDGET_MS of work and
//      SLICE_MAX_STATES feature-state changes (MapLibre applies those to the tile buckets in its next
//      render, at a cost that grows with their number): a burst of 100 000 readings (a snapshot after a
//      reconnection) is spread over many frames instead of making one long frame. The periodic staleness
//      check and the re-application after a style change go through the same slices;
//   6. while aggregated, the individual circles are not drawn (zero opacity), so their feature-state is
//      not set: a status change only moves its cell's count (what is drawn), and the transformer is marked
//      for later. When the view goes back to individual circles, the marked ones get their feature-state
//      in the same slices, those in the loaded tiles of the view first. Setting feature-state of hidden
//      circles cost a paint-array update and upload of every changed tile in each render.
// On reconnection the subscription is sent again. Listeners (tooltip, panel) hear which codes changed.
import type { Map as MapLibreMap } from 'maplibre-gl';
import {
  type Bbox,
  fetchTransformerStatus,
  type TelemetryValues,
  type TransformerStatus,
} from '../api/client.ts';
import { isStale } from '../domain/telemetry.ts';
import { type ConnectionState, ReconnectingSocket } from './ReconnectingSocket.ts';
import {
  type AggregateCollection,
  type AggregateProperties,
  aggregateCategory,
  aggregateStatuses,
  type PositionedTransformer,
  worstCategory,
} from './statusAggregates.ts';

declare global {
  interface Window {
    /** Test hook: the console's live telemetry (browser tests and the console benchmark). */
    __live?: LiveTelemetry;
  }
}

/** How often readings are re-checked for staleness (a value gets old without any message). */
const STALE_CHECK_MS = 15_000;

/** Transformers are drawn from z13; subscribe a little before. */
export const MIN_LIVE_ZOOM = 12;
const SOURCE = 'untrd';
const MOVE_DEBOUNCE_MS = 250;
/** Shortest interval between two applied batches of readings (individual circles). */
const FLUSH_INTERVAL_MS = 250;
/** Shortest interval between two batches while aggregated (and between two rebuilds of the cells). */
const AGGREGATE_INTERVAL_MS = 1000;
/** Longest main-thread work per slice of a batch before yielding to rendering. */
const SLICE_BUDGET_MS = 4;
/** Most feature-state changes per slice (each frame applies at most this many to the tile buckets). */
const SLICE_MAX_STATES = 2000;
/** The clock is read once per this many items of a slice. */
const CLOCK_EVERY = 32;
/** From this zoom every transformer is drawn individually. */
const INDIVIDUAL_ZOOM = 15;
/** Below INDIVIDUAL_ZOOM, more transformers than this in view are drawn as aggregates. */
const AGGREGATE_MIN_IN_VIEW = 1000;
/** Side of an aggregation cell, in screen pixels. */
const AGGREGATE_CELL_PX = 48;

/** Where the aggregates are drawn (the MapController). */
export interface AggregateView {
  /** New cells (view or tiles changed), or `null`: transformers drawn one by one. */
  show(data: AggregateCollection | null): void;
  /** New counts of existing cells. */
  update(cells: AggregateProperties[]): void;
}

export interface TransformerLive {
  cod: string;
  status: TransformerStatus | null;
  /** Latest reading (server field names); `timestamp` is the reading time. */
  dados: TelemetryValues;
  pot_nom?: number | null;
  ctmt?: string | null;
  carregamento_pct?: number | null;
  lngLat?: [number, number];
  /** When this browser received the values (ms). */
  recebidoEm: number;
}

interface TelemetryMessage {
  tipo: 'telemetria' | 'snapshot';
  cod_transformador: string;
  status: TransformerStatus | null;
  dados: TelemetryValues;
  ctmt?: string | null;
  lon?: number | null;
  lat?: number | null;
  atrasada?: boolean;
}

export class LiveTelemetry {
  readonly socket: ReconnectingSocket;
  private readonly records = new Map<string, TransformerLive>();
  private readonly queue = new Map<string, TelemetryMessage>();
  /** Transformers whose record changed (status endpoint) and whose feature-state is still to be set. */
  private readonly restyle = new Set<string>();
  /** Pass over all records still under way (staleness check, re-application after a style change). */
  private sweep: Iterator<string> | null = null;
  /** Transformers whose feature-state on the map is behind their applied status (set while aggregated). */
  private readonly mapBehind = new Set<string>();
  /** The pass under way re-applies every state (applyAll), not just staleness. */
  private sweepAll = false;
  private readonly appliedStatus = new Map<string, TransformerStatus | null>();
  private readonly appliedStale = new Map<string, boolean>();
  private readonly staleTimer: ReturnType<typeof setInterval>;
  private frame: number | null = null;
  /** A batch is being applied in slices (the next slice is `frame`). */
  private flushing = false;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private lastFlush = 0;
  /** Transformer positions of the loaded `untrd` tiles (null: to be read again). */
  private positions: PositionedTransformer[] | null = null;
  private aggregated = false;
  /** The cells on the map: each transformer's cell and the cells changed since the last batch. */
  private grid: { cellOf: Map<string, AggregateProperties>; dirty: Set<AggregateProperties> } | null = null;
  private rebuildTimer: ReturnType<typeof setTimeout> | undefined;
  private lastRebuild = 0;
  private subscribed: Bbox | null = null;
  private moveTimer: ReturnType<typeof setTimeout> | undefined;
  private fetchAbort: AbortController | null = null;
  private readonly listeners = new Set<(changed: Set<string>) => void>();
  private readonly onMoveEnd = () => {
    clearTimeout(this.moveTimer);
    this.moveTimer = setTimeout(() => {
      this.followView();
      this.rebuildAggregates();
    }, MOVE_DEBOUNCE_MS);
  };
  private readonly onSourceData = (e: { sourceId?: string; tile?: unknown }) => {
    if (e.sourceId !== SOURCE) return;
    // States set before the network source existed are re-applied once it appears.
    if (this.appliedStatus.size === 0 && this.records.size > 0 && !this.sweepAll) this.applyAll();
    // A tile arrived: positions to read again.
    if (e.tile) {
      this.positions = null;
      this.scheduleRebuild();
    }
  };
  // A new style (base map switch) recreates the sources without their feature-state.
  private readonly onStyleLoad = () => {
    this.appliedStatus.clear();
    this.appliedStale.clear();
    this.mapBehind.clear();
    this.grid = null;
    this.scheduleRebuild();
  };
  /** Messages applied (for the tests / metrics). */
  applied = 0;

  constructor(
    private readonly map: MapLibreMap,
    private readonly aggregates: AggregateView,
  ) {
    this.socket = new ReconnectingSocket('/ws/telemetria', {
      onOpen: () => {
        // A new connection has no subscription on the server: send the current one again.
        const current = this.subscribed;
        this.subscribed = null;
        if (current) this.subscribe(current);
        else this.followView();
      },
      onMessage: (data) => this.onMessage(data as TelemetryMessage),
    });
    map.on('moveend', this.onMoveEnd);
    map.on('sourcedata', this.onSourceData);
    this.staleTimer = setInterval(() => this.checkStale(), STALE_CHECK_MS);
    map.on('style.load', this.onStyleLoad);
    if (map.loaded()) this.onMoveEnd();
    else map.once('load', this.onMoveEnd);
    window.__live = this;
  }

  get connection(): ConnectionState {
    return this.socket.state;
  }

  get(cod: string): TransformerLive | undefined {
    return this.records.get(cod);
  }

  onChange(listener: (changed: Set<string>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Status known from elsewhere (an alert event) — applied like a reading's status. */
  setStatus(cod: string, status: TransformerStatus): void {
    const record = this.records.get(cod);
    if (record) record.status = status;
    else this.records.set(cod, { cod, status, dados: {}, recebidoEm: Date.now() });
    this.applyStatus(cod, status);
    this.pushAggregates();
    this.notify(new Set([cod]));
  }

  destroy(): void {
    clearTimeout(this.moveTimer);
    clearTimeout(this.flushTimer);
    clearTimeout(this.rebuildTimer);
    clearInterval(this.staleTimer);
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.fetchAbort?.abort();
    this.map.off('moveend', this.onMoveEnd);
    this.map.off('sourcedata', this.onSourceData);
    this.map.off('style.load', this.onStyleLoad);
    this.socket.close();
    this.listeners.clear();
    if (window.__live === this) window.__live = undefined;
  }

  private viewBbox(): Bbox | null {
    if (this.map.getZoom() < MIN_LIVE_ZOOM) return null;
    const b = this.map.getBounds();
    const dx = (b.getEast() - b.getWest()) * 0.15;
    const dy = (b.getNorth() - b.getSouth()) * 0.15;
    const round = (v: number) => Math.round(v * 1e5) / 1e5;
    return [
      round(Math.max(-180, b.getWest() - dx)),
      round(Math.max(-90, b.getSouth() - dy)),
      round(Math.min(180, b.getEast() + dx)),
      round(Math.min(90, b.getNorth() + dy)),
    ];
  }

  private followView(): void {
    const bbox = this.viewBbox();
    if (!bbox) {
      this.unsubscribe();
      return;
    }
    if (this.subscribed && contains(this.subscribed, bbox) && area(this.subscribed) < 4 * area(bbox)) return;
    this.subscribe(bbox);
    this.fetchAbort?.abort();
    const controller = new AbortController();
    this.fetchAbort = controller;
    fetchTransformerStatus(bbox, controller.signal)
      .then(({ features }) => {
        const changed = new Set<string>();
        for (const f of features) {
          const p = f.properties;
          const record: TransformerLive = this.records.get(p.cod_id) ?? {
            cod: p.cod_id,
            status: null,
            dados: {},
            recebidoEm: Date.now(),
          };
          record.pot_nom = p.pot_nom;
          record.ctmt = p.ctmt;
          record.carregamento_pct = p.carregamento_pct;
          if (f.geometry) record.lngLat = f.geometry.coordinates;
          // Do not replace newer values already received over the WebSocket.
          if (p.telemetria && !isNewer(record.dados, p.telemetria)) {
            record.dados = p.telemetria;
            record.status = p.status;
            record.recebidoEm = Date.now();
          } else if (!p.telemetria && record.status === null) record.status = p.status;
          this.records.set(p.cod_id, record);
          this.restyle.add(p.cod_id);
          changed.add(p.cod_id);
        }
        this.notify(changed);
        this.requestSlice();
      })
      .catch((err: Error) => {
        if (err.name !== 'AbortError') console.warn('[telemetria] estado dos transformadores:', err.message);
      });
  }

  private subscribe(bbox: Bbox): void {
    const previous = this.subscribed;
    if (previous) this.socket.send({ action: 'unsubscribe', bbox: previous });
    this.subscribed = bbox;
    this.socket.send({ action: 'subscribe', bbox });
  }

  private unsubscribe(): void {
    if (!this.subscribed) return;
    this.socket.send({ action: 'unsubscribe', bbox: this.subscribed });
    this.subscribed = null;
  }

  private onMessage(msg: TelemetryMessage): void {
    if (msg.tipo === 'telemetria' || msg.tipo === 'snapshot') {
      if (typeof msg.cod_transformador !== 'string') return;
      // A late reading (older than the newest) is stored by the server but must not replace the live value.
      if (msg.atrasada) return;
      this.queue.set(msg.cod_transformador, msg);
      this.scheduleFlush();
    } else if ((msg as { tipo?: string }).tipo === 'erro') {
      console.warn('[telemetria] servidor:', (msg as unknown as { mensagem: string }).mensagem);
    }
  }

  /** The queue is applied in the next frame, but not sooner than the batch interval after the last one. */
  private scheduleFlush(): void {
    if (this.frame !== null || this.flushTimer !== undefined) return;
    const interval = this.aggregated ? AGGREGATE_INTERVAL_MS : FLUSH_INTERVAL_MS;
    this.flushTimer = setTimeout(
      () => {
        this.flushTimer = undefined;
        this.requestSlice();
      },
      Math.max(0, this.lastFlush + interval - performance.now()),
    );
  }

  /** The next slice in the next animation frame (unless one is already due). */
  private requestSlice(): void {
    if (this.frame !== null) return;
    this.frame = requestAnimationFrame(() => this.flush());
  }

  /**
   * Applies one slice of the pending work — queued messages, then records to restyle, then the pass over
   * all records — and asks for the next frame while some is left. Messages arriving in between join the
   * batch under way (the latest per transformer still wins).
   */
  private flush(): void {
    this.frame = null;
    const started = performance.now();
    if (!this.flushing) {
      this.flushing = true;
      this.lastFlush = started;
    }
    const changed = new Set<string>();
    let states = 0;
    let items = 0;
    const full = () =>
      states >= SLICE_MAX_STATES ||
      (++items % CLOCK_EVERY === 0 && performance.now() - started >= SLICE_BUDGET_MS);
    for (const [cod, msg] of this.queue) {
      this.queue.delete(cod);
      if (this.applyMessage(cod, msg)) {
        changed.add(cod);
        if (this.applyStatus(cod, this.records.get(cod)?.status ?? null)) states++;
      }
      if (full()) break;
    }
    if (this.queue.size === 0) {
      for (const cod of this.restyle) {
        this.restyle.delete(cod);
        if (this.applyStatus(cod, this.records.get(cod)?.status ?? null)) states++;
        if (full()) break;
      }
    }
    if (this.queue.size === 0 && this.restyle.size === 0 && this.sweep) {
      while (!full()) {
        const next = this.sweep.next();
        if (next.done) {
          this.sweep = null;
          this.sweepAll = false;
          break;
        }
        const record = this.records.get(next.value);
        if (!record) continue;
        const before = this.appliedStale.get(next.value);
        if (this.applyStatus(next.value, record.status)) states++;
        if (before !== this.appliedStale.get(next.value)) changed.add(next.value);
      }
    }
    if (!this.aggregated && this.queue.size === 0 && this.restyle.size === 0 && !this.sweep) {
      for (const cod of this.mapBehind) {
        this.mapBehind.delete(cod);
        this.setMapState(cod);
        states++;
        if (full()) break;
      }
    }
    this.pushAggregates();
    this.notify(changed);
    if (this.pendingWork()) this.requestSlice();
    else this.flushing = false;
  }

  private pendingWork(): boolean {
    return (
      this.queue.size > 0 ||
      this.restyle.size > 0 ||
      this.sweep !== null ||
      (!this.aggregated && this.mapBehind.size > 0)
    );
  }

  /** Updates the record from a message; false when the message is not newer than what is known. */
  private applyMessage(cod: string, msg: TelemetryMessage): boolean {
    const record: TransformerLive = this.records.get(cod) ?? {
      cod,
      status: null,
      dados: {},
      recebidoEm: 0,
    };
    if (msg.tipo === 'snapshot' && Object.keys(msg.dados ?? {}).length === 0) return false;
    if (msg.tipo === 'snapshot' && isNewer(record.dados, msg.dados)) return false;
    record.dados = msg.dados ?? {};
    record.status = msg.status ?? (msg.dados?.status as TransformerStatus | undefined) ?? null;
    record.recebidoEm = Date.now();
    if (msg.ctmt !== undefined) record.ctmt = msg.ctmt;
    if (typeof msg.lon === 'number' && typeof msg.lat === 'number') record.lngLat = [msg.lon, msg.lat];
    this.records.set(cod, record);
    this.applied++;
    return true;
  }

  /**
   * Applies a transformer's status: its cell's counts and, unless aggregated, its feature-state. True when
   * feature-state was set (the map has work to do in its next render).
   */
  private applyStatus(cod: string, status: TransformerStatus | null): boolean {
    if (!this.map.getSource(SOURCE)) return false;
    const record = this.records.get(cod);
    // Only a transformer with values can have old ones; OFFLINE is already grey.
    const stale = Boolean(record?.dados.timestamp) && status !== 'OFFLINE' && isStale(record?.dados);
    const appliedStatus = this.appliedStatus.get(cod);
    const appliedStale = this.appliedStale.get(cod) ?? false;
    if (appliedStatus === status && this.appliedStale.get(cod) === stale) return false;
    const cell = this.grid?.cellOf.get(cod);
    if (cell) {
      const before = aggregateCategory(appliedStatus, appliedStale);
      const after = aggregateCategory(status, stale);
      if (before !== after) {
        cell[before]--;
        cell[after]++;
        this.grid?.dirty.add(cell);
      }
    }
    this.appliedStatus.set(cod, status);
    this.appliedStale.set(cod, stale);
    if (this.aggregated) {
      this.mapBehind.add(cod);
      return false;
    }
    this.mapBehind.delete(cod);
    this.setMapState(cod);
    return true;
  }

  private setMapState(cod: string): void {
    this.map.setFeatureState(
      { source: SOURCE, sourceLayer: SOURCE, id: cod },
      { status: this.appliedStatus.get(cod) ?? null, desatualizado: this.appliedStale.get(cod) ?? false },
    );
  }

  /**
   * The status the map shows for a transformer — its own circle or its count in a cell — and whether it
   * is shown as an old reading; undefined before it is applied. (Readings still queued are not shown yet.)
   */
  shownStatus(cod: string): { status: TransformerStatus | null; stale: boolean } | undefined {
    if (!this.appliedStatus.has(cod)) return undefined;
    return { status: this.appliedStatus.get(cod) ?? null, stale: this.appliedStale.get(cod) ?? false };
  }

  /** Re-checks every record's staleness, in the slices of a batch. */
  private checkStale(): void {
    if (this.sweep || this.records.size === 0) return;
    this.sweep = this.records.keys();
    this.requestSlice();
  }

  /** Sets every record's state again (the source's feature-state is gone), in the slices of a batch. */
  private applyAll(): void {
    this.appliedStatus.clear();
    this.appliedStale.clear();
    this.mapBehind.clear();
    this.grid = null;
    this.sweep = this.records.keys();
    this.sweepAll = true;
    this.requestSlice();
    this.scheduleRebuild();
  }

  /** After tile loads the cells are rebuilt, at most every AGGREGATE_INTERVAL_MS. */
  private scheduleRebuild(): void {
    if (this.rebuildTimer !== undefined) return;
    this.rebuildTimer = setTimeout(
      () => {
        this.rebuildTimer = undefined;
        this.rebuildAggregates();
      },
      Math.max(0, this.lastRebuild + AGGREGATE_INTERVAL_MS - performance.now()),
    );
  }

  /** Builds the cells of the view and hands them to the map, or `null` where transformers are drawn one by one. */
  private rebuildAggregates(): void {
    this.lastRebuild = performance.now();
    const zoom = this.map.getZoom();
    const positions = zoom < INDIVIDUAL_ZOOM && this.map.getSource(SOURCE) ? this.loadedPositions() : [];
    const bounds = this.map.getBounds();
    let inView = 0;
    for (const p of positions) if (bounds.contains([p.lon, p.lat])) inView++;
    if (inView <= AGGREGATE_MIN_IN_VIEW) {
      if (this.aggregated) this.aggregates.show(null);
      this.aggregated = false;
      this.grid = null;
      this.catchUpMapState();
      return;
    }
    const { data, cellOf } = aggregateStatuses(
      positions,
      (cod) => aggregateCategory(this.appliedStatus.get(cod), this.appliedStale.get(cod) ?? false),
      zoom,
      AGGREGATE_CELL_PX,
    );
    this.aggregated = true;
    this.grid = { cellOf, dirty: new Set() };
    this.aggregates.show(data);
  }

  /**
   * Back to individual circles: the feature-state left behind while aggregated is set in the next slices,
   * the transformers of the loaded tiles in view first.
   */
  private catchUpMapState(): void {
    if (this.mapBehind.size === 0) return;
    const bounds = this.map.getBounds();
    const first: string[] = [];
    for (const f of this.map.querySourceFeatures(SOURCE, { sourceLayer: SOURCE })) {
      const cod = String(f.properties.cod_id);
      if (!this.mapBehind.has(cod) || f.geometry.type !== 'Point') continue;
      if (bounds.contains(f.geometry.coordinates as [number, number])) first.push(cod);
    }
    if (first.length > 0) {
      const rest = [...this.mapBehind];
      this.mapBehind.clear();
      for (const cod of first) this.mapBehind.add(cod);
      for (const cod of rest) this.mapBehind.add(cod);
    }
    this.requestSlice();
  }

  /** Sends the map the cells whose counts changed since the last call. */
  private pushAggregates(): void {
    const grid = this.grid;
    if (!grid || grid.dirty.size === 0) return;
    for (const cell of grid.dirty) cell.pior = worstCategory(cell);
    this.aggregates.update([...grid.dirty]);
    grid.dirty.clear();
  }

  /** Positions of the transformers in the loaded `untrd` tiles (each once; tiles overlap at their edges). */
  private loadedPositions(): PositionedTransformer[] {
    if (this.positions) return this.positions;
    const byCod = new Map<string, PositionedTransformer>();
    for (const f of this.map.querySourceFeatures(SOURCE, { sourceLayer: SOURCE })) {
      const cod = f.properties.cod_id;
      if (cod === undefined || byCod.has(String(cod)) || f.geometry.type !== 'Point') continue;
      const [lon, lat] = f.geometry.coordinates as [number, number];
      byCod.set(String(cod), { cod: String(cod), lon, lat });
    }
    this.positions = [...byCod.values()];
    return this.positions;
  }

  private notify(changed: Set<string>): void {
    if (changed.size === 0) return;
    for (const l of this.listeners) l(changed);
  }
}

function contains(outer: Bbox, inner: Bbox): boolean {
  return outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3];
}

function area(b: Bbox): number {
  return (b[2] - b[0]) * (b[3] - b[1]);
}

function isNewer(current: TelemetryValues, incoming: TelemetryValues): boolean {
  const a = Date.parse(String(current.timestamp ?? ''));
  const b = Date.parse(String(incoming.timestamp ?? ''));
  return Number.isFinite(a) && Number.isFinite(b) && a > b;
}
