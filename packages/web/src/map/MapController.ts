// Owns the single MapLibre map of the console. React components talk to it through these methods and
// never re-create layers on render: sources and style layers are added once; later changes are paint,
// filter, visibility and feature-state updates. Feature ids are promoted from `cod_id`, so live layers
// (transformer status) can use `setFeatureState` on the same sources.
import {
  type ExpressionSpecification,
  type GeoJSONSource,
  type LayerSpecification,
  type LngLat,
  type LngLatBoundsLike,
  type MapGeoJSONFeature,
  Map as MapLibreMap,
  NavigationControl,
  type Point,
  ScaleControl,
  type StyleSpecification,
  setWorkerUrl,
  type VectorTileSource,
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { type Bbox, type TileCatalogEntry, tileUrl } from '../api/client.ts';
import type { AggregateCollection, AggregateProperties } from '../live/statusAggregates.ts';
import { type BaseMapOption, baseMapOptions, DEFAULT_BASE_MAP_ID } from './baseStyles.ts';
import { FEEDER_PALETTE, MV_NO_FEEDER_COLOUR } from './layers/colours.ts';
import { type MapLayer, NETWORK_LAYERS } from './layers/index.ts';
import { POWER_FLOW_LAYERS, POWER_FLOW_SOURCE } from './layers/powerFlow.ts';
import { MV_HIGHLIGHT_ID, MV_LINE_ID, NO_FEEDER } from './layers/ssdmt.ts';
import { AGGREGATE_LAYER, AGGREGATE_LAYER_ID, AGGREGATE_SOURCE } from './layers/transformerAggregates.ts';

const TRANSFORMER_TABLE = 'untrd';
const TRANSFORMER_LAYER_ID = 'untrd-circle';

// The bundle places the worker under assets/; tell MapLibre where (its default looks next to its module).
setWorkerUrl(new URL(workerUrl, window.location.href).href);

declare global {
  interface Window {
    /** Test hook: the console's MapLibre map (used by the browser tests). */
    __map?: MapLibreMap;
  }
}

/** Zoom range asked of the tile server when its catalogue is unavailable (it cuts data up to z18). */
const DEFAULT_TILE_ZOOM_RANGE = { minzoom: 0, maxzoom: 18 };

export interface ClickedAsset {
  /** BDGD table (= source id) of the clicked feature. */
  table: string;
  codId: string;
  lngLat: LngLat;
  properties: Record<string, unknown>;
}

const INITIAL_VIEW = { center: [-51.5, -15.5] as [number, number], zoom: 3.6 };

export class MapController {
  readonly map: MapLibreMap;
  private readonly baseOptions: BaseMapOption[] = baseMapOptions();
  private importId: number | undefined;
  private networkAdded = false;
  private loaded = false;
  private readonly pending: Array<() => void> = [];
  private readonly clickListeners = new Set<(asset: ClickedAsset | null) => void>();
  private highlightedFeeder: string | null = null;
  /** Tables the operator switched off in the layer selector. */
  private readonly hiddenTables = new Set<string>();
  /** Whether transformers are drawn as status aggregates instead of one circle each. */
  private aggregated = false;

  constructor(container: HTMLElement) {
    const base = this.baseOptions.find((o) => o.id === DEFAULT_BASE_MAP_ID) ?? this.baseOptions[0];
    this.map = new MapLibreMap({
      container,
      style: base?.style ?? { version: 8, sources: {}, layers: [] },
      ...INITIAL_VIEW,
      maxZoom: 20,
      attributionControl: { compact: true },
      locale: {
        'NavigationControl.ZoomIn': 'Aproximar',
        'NavigationControl.ZoomOut': 'Afastar',
        'NavigationControl.ResetBearing': 'Norte para cima',
        'ScaleControl.Meters': 'm',
        'ScaleControl.Kilometers': 'km',
        'Popup.Close': 'Fechar',
      },
    });
    this.map.addControl(new NavigationControl({ showCompass: true }), 'top-right');
    this.map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');
    this.map.once('load', () => {
      this.loaded = true;
      for (const action of this.pending.splice(0)) action();
    });
    this.map.on('click', (e) => this.handleClick(e.point, e.lngLat));
    this.map.on('mousemove', (e) => {
      const pointer = this.aggregateAt(e.point) !== undefined || this.assetsAt(e.point).length > 0;
      this.map.getCanvas().style.cursor = pointer ? 'pointer' : '';
    });
    window.__map = this.map;
  }

  private whenReady(action: () => void): void {
    if (this.loaded) action();
    else this.pending.push(action);
  }

  /**
   * Shows the network of one import. The first call adds sources and layers (zoom ranges from the tile
   * catalogue, so no tile is requested where the server has none); later calls only swap tile URLs.
   */
  showImport(importId: number, catalog: TileCatalogEntry[] = []): void {
    this.whenReady(() => {
      if (this.networkAdded && this.importId === importId) return;
      this.importId = importId;
      if (!this.networkAdded) {
        for (const layer of NETWORK_LAYERS) {
          this.addLayer(layer, catalog.find((c) => c.camada === layer.table) ?? DEFAULT_TILE_ZOOM_RANGE);
        }
        this.networkAdded = true;
        return;
      }
      for (const layer of NETWORK_LAYERS) {
        this.map.getSource<VectorTileSource>(layer.table)?.setTiles([this.layerTileUrl(layer)]);
      }
    });
  }

  private layerTileUrl(layer: MapLayer): string {
    return tileUrl(layer.table, this.importId);
  }

  private addLayer(layer: MapLayer, zoomRange: { minzoom: number; maxzoom: number }): void {
    this.map.addSource(layer.table, {
      type: 'vector',
      tiles: [this.layerTileUrl(layer)],
      minzoom: zoomRange.minzoom,
      maxzoom: zoomRange.maxzoom,
      promoteId: 'cod_id',
    });
    for (const style of layer.styles) {
      this.map.addLayer({
        ...style,
        source: layer.table,
        'source-layer': layer.table,
        layout: { ...style.layout, visibility: layer.visibleByDefault ? 'visible' : 'none' },
      } as LayerSpecification);
    }
  }

  setVisibility(table: string, visible: boolean): void {
    this.whenReady(() => {
      const layer = NETWORK_LAYERS.find((l) => l.table === table);
      if (!layer || !this.networkAdded) return;
      if (visible) this.hiddenTables.delete(table);
      else this.hiddenTables.add(table);
      for (const style of layer.styles) {
        this.map.setLayoutProperty(style.id, 'visibility', visible ? 'visible' : 'none');
      }
      if (table === TRANSFORMER_TABLE) this.applyTransformerMode();
    });
  }

  /**
   * Draws transformers as status aggregates (`data`) or, with `null`, one circle each. While aggregated,
   * the individual circles stay in the style with zero opacity (MapLibre skips drawing them, but their
   * tiles stay loaded, which is where LiveTelemetry reads the positions it aggregates).
   */
  showTransformerAggregates(data: AggregateCollection | null): void {
    this.whenReady(() => {
      if (!this.map.getLayer(TRANSFORMER_LAYER_ID)) return;
      const empty: AggregateCollection = { type: 'FeatureCollection', features: [] };
      const source = this.map.getSource<GeoJSONSource>(AGGREGATE_SOURCE);
      if (source) {
        this.map.removeFeatureState({ source: AGGREGATE_SOURCE });
        source.setData(data ?? empty);
      } else if (data) {
        this.map.addSource(AGGREGATE_SOURCE, { type: 'geojson', data, promoteId: 'celula' });
        this.map.addLayer(AGGREGATE_LAYER, this.layerAbove(TRANSFORMER_LAYER_ID));
      }
      if (this.aggregated !== (data !== null)) {
        this.aggregated = data !== null;
        this.applyTransformerMode();
      }
    });
  }

  /** New counts of cells already drawn (feature-state: no new data for the worker, one repaint). */
  updateTransformerAggregates(cells: AggregateProperties[]): void {
    this.whenReady(() => {
      if (!this.map.getSource(AGGREGATE_SOURCE)) return;
      for (const { celula, total: _total, ...counts } of cells) {
        this.map.setFeatureState({ source: AGGREGATE_SOURCE, id: celula }, counts);
      }
    });
  }

  private layerAbove(id: string): string | undefined {
    const layers = this.map.getStyle().layers;
    return layers[layers.findIndex((l) => l.id === id) + 1]?.id;
  }

  private applyTransformerMode(): void {
    const opacity = this.aggregated ? 0 : 1;
    this.map.setPaintProperty(TRANSFORMER_LAYER_ID, 'circle-opacity', opacity);
    this.map.setPaintProperty(TRANSFORMER_LAYER_ID, 'circle-stroke-opacity', opacity);
    if (this.map.getLayer(AGGREGATE_LAYER_ID)) {
      const visible = this.aggregated && !this.hiddenTables.has(TRANSFORMER_TABLE);
      this.map.setLayoutProperty(AGGREGATE_LAYER_ID, 'visibility', visible ? 'visible' : 'none');
    }
  }

  /**
   * Colours MV lines by feeder: each feeder code gets the palette entry of its position in the sorted
   * list, so colours are stable for a given import and neighbours in the list never share a colour.
   */
  colourFeeders(codes: string[]): Map<string, string> {
    const colours = feederColours(codes);
    this.whenReady(() => {
      if (!this.map.getLayer(MV_LINE_ID)) return;
      const expression: ExpressionSpecification | string =
        colours.size === 0
          ? MV_NO_FEEDER_COLOUR
          : ([
              'match',
              ['get', 'ctmt'],
              ...[...colours].flat(),
              MV_NO_FEEDER_COLOUR,
            ] as unknown as ExpressionSpecification);
      this.map.setPaintProperty(MV_LINE_ID, 'line-color', expression);
    });
    return colours;
  }

  /** Highlights one feeder (halo + others dimmed), or clears the highlight with `null`. */
  highlightFeeder(codId: string | null): void {
    this.highlightedFeeder = codId;
    this.whenReady(() => {
      if (!this.map.getLayer(MV_LINE_ID)) return;
      const target = this.highlightedFeeder;
      this.map.setFilter(MV_HIGHLIGHT_ID, ['==', ['get', 'ctmt'], target ?? NO_FEEDER]);
      this.map.setPaintProperty(
        MV_LINE_ID,
        'line-opacity',
        target === null ? 1 : ['case', ['==', ['get', 'ctmt'], target], 1, 0.3],
      );
    });
  }

  fitBbox(bbox: Bbox, animate = true): void {
    const bounds: LngLatBoundsLike = [
      [bbox[0], bbox[1]],
      [bbox[2], bbox[3]],
    ];
    this.whenReady(() => {
      this.map.fitBounds(bounds, { padding: 48, maxZoom: 17, duration: animate ? 900 : 0 });
    });
  }

  baseMapOptions(): BaseMapOption[] {
    return this.baseOptions;
  }

  /**
   * Swaps the base map keeping the network sources and layers as they are now (paint, filters,
   * visibility). A remote base style is fetched first: if it cannot be loaded (no internet) the map is
   * left untouched and `onError` is told, so the network never disappears.
   */
  async switchBaseMap(id: string, onError?: (message: string) => void): Promise<void> {
    const option = this.baseOptions.find((o) => o.id === id);
    if (!option) return;
    let base: StyleSpecification;
    if (typeof option.style === 'string') {
      try {
        const response = await fetch(option.style);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        base = (await response.json()) as StyleSpecification;
      } catch (err) {
        onError?.(`Mapa base indisponível (${(err as Error).message}); mantido o fundo atual.`);
        return;
      }
    } else {
      base = option.style;
    }
    this.map.setStyle(mergeNetwork(extractNetwork(this.map.getStyle()), base), { diff: false });
  }

  /** Called with the asset under each click, or `null` when the click hit no asset. */
  onAssetClick(listener: (asset: ClickedAsset | null) => void): () => void {
    this.clickListeners.add(listener);
    return () => this.clickListeners.delete(listener);
  }

  private clickableLayerIds(): string[] {
    return NETWORK_LAYERS.flatMap((l) => l.styles.map((s) => s.id)).filter(
      (id) =>
        id !== MV_HIGHLIGHT_ID &&
        !(this.aggregated && id === TRANSFORMER_LAYER_ID) &&
        this.map.getLayer(id) !== undefined,
    );
  }

  private assetsAt(point: Point): MapGeoJSONFeature[] {
    if (!this.networkAdded) return [];
    const tolerance = 5;
    return this.map.queryRenderedFeatures(
      [
        [point.x - tolerance, point.y - tolerance],
        [point.x + tolerance, point.y + tolerance],
      ],
      { layers: this.clickableLayerIds() },
    );
  }

  private aggregateAt(point: Point): MapGeoJSONFeature | undefined {
    if (!this.aggregated || !this.map.getLayer(AGGREGATE_LAYER_ID)) return undefined;
    const tolerance = 4;
    return this.map.queryRenderedFeatures(
      [
        [point.x - tolerance, point.y - tolerance],
        [point.x + tolerance, point.y + tolerance],
      ],
      { layers: [AGGREGATE_LAYER_ID] },
    )[0];
  }

  private handleClick(point: Point, lngLat: LngLat): void {
    // A click on a group of transformers zooms into it (individual circles from z15).
    const group = this.aggregateAt(point);
    if (group?.geometry.type === 'Point') {
      const [lon, lat] = group.geometry.coordinates as [number, number];
      this.map.easeTo({ center: [lon, lat], zoom: Math.min(15, this.map.getZoom() + 2), duration: 600 });
      return;
    }
    // Features come top-most first: a transformer or switch wins over the line beneath it.
    const feature = this.assetsAt(point).find((f) => f.properties.cod_id !== undefined);
    const asset: ClickedAsset | null = feature
      ? {
          table: feature.source,
          codId: String(feature.properties.cod_id),
          lngLat,
          properties: { ...feature.properties },
        }
      : null;
    for (const listener of this.clickListeners) listener(asset);
  }

  /** Flies to a point (alert → asset). */
  flyTo(lngLat: [number, number], zoom = 16): void {
    this.whenReady(() => {
      this.map.flyTo({ center: lngLat, zoom: Math.max(zoom, this.map.getZoom()), duration: 900 });
    });
  }

  /** Hovered transformer (`untrd`) code and screen point, or `null` when the pointer leaves it. */
  onTransformerHover(listener: (hover: { codId: string; x: number; y: number } | null) => void): () => void {
    const move = (e: { point: Point }) => {
      if (!this.map.getLayer(TRANSFORMER_LAYER_ID)) return;
      if (this.aggregated) {
        listener(null);
        return;
      }
      const tolerance = 4;
      const feature = this.map.queryRenderedFeatures(
        [
          [e.point.x - tolerance, e.point.y - tolerance],
          [e.point.x + tolerance, e.point.y + tolerance],
        ],
        { layers: [TRANSFORMER_LAYER_ID] },
      )[0];
      const codId = feature?.properties.cod_id;
      listener(codId === undefined ? null : { codId: String(codId), x: e.point.x, y: e.point.y });
    };
    const leave = () => listener(null);
    this.map.on('mousemove', move);
    this.map.getCanvas().addEventListener('mouseleave', leave);
    return () => {
      this.map.off('mousemove', move);
      this.map.getCanvas().removeEventListener('mouseleave', leave);
    };
  }

  /** Hovered group of transformers (counts per status) and screen point, or `null`. */
  onAggregateHover(
    listener: (hover: { group: AggregateProperties; x: number; y: number } | null) => void,
  ): () => void {
    const move = (e: { point: Point }) => {
      const feature = this.aggregateAt(e.point);
      listener(
        feature
          ? {
              group: { ...feature.properties, ...feature.state } as AggregateProperties,
              x: e.point.x,
              y: e.point.y,
            }
          : null,
      );
    };
    const leave = () => listener(null);
    this.map.on('mousemove', move);
    this.map.getCanvas().addEventListener('mouseleave', leave);
    return () => {
      this.map.off('mousemove', move);
      this.map.getCanvas().removeEventListener('mouseleave', leave);
    };
  }

  /**
   * Draws (or with `null` removes) a power-flow result: the feeder's segments coloured by loading %.
   * The GeoJSON source and its layers are added once, then only their data changes.
   */
  showPowerFlow(result: { type: 'FeatureCollection'; features: unknown[] } | null): void {
    this.whenReady(() => {
      const data = (result ?? { type: 'FeatureCollection', features: [] }) as Parameters<
        GeoJSONSource['setData']
      >[0];
      const source = this.map.getSource<GeoJSONSource>(POWER_FLOW_SOURCE);
      if (source) source.setData(data);
      else {
        this.map.addSource(POWER_FLOW_SOURCE, { type: 'geojson', data });
        for (const layer of POWER_FLOW_LAYERS) this.map.addLayer(layer);
      }
      // The feeder's yellow halo and feeder colours would blur the loading colours: the halo is hidden
      // and MV lines faded while a result is shown, restored (with the current highlight) after.
      if (this.map.getLayer(MV_HIGHLIGHT_ID)) {
        this.map.setLayoutProperty(MV_HIGHLIGHT_ID, 'visibility', result ? 'none' : 'visible');
      }
      if (this.map.getLayer(MV_LINE_ID)) {
        if (result) this.map.setPaintProperty(MV_LINE_ID, 'line-opacity', 0.15);
        else this.highlightFeeder(this.highlightedFeeder);
      }
    });
  }

  destroy(): void {
    if (window.__map === this.map) window.__map = undefined;
    this.clickListeners.clear();
    this.map.remove();
  }
}

export function feederColours(codes: string[]): Map<string, string> {
  const sorted = [...new Set(codes)].sort((a, b) => a.localeCompare(b, 'pt-BR', { numeric: true }));
  return new Map(sorted.map((code, i) => [code, FEEDER_PALETTE[i % FEEDER_PALETTE.length] ?? '']));
}

/** Sources kept when the base map changes: the network, the transformer aggregates and the power-flow result. */
const NETWORK_SOURCES = new Set([...NETWORK_LAYERS.map((l) => l.table), POWER_FLOW_SOURCE, AGGREGATE_SOURCE]);

interface NetworkStyle {
  sources: StyleSpecification['sources'];
  layers: LayerSpecification[];
}

function extractNetwork(style: StyleSpecification): NetworkStyle {
  return {
    sources: Object.fromEntries(Object.entries(style.sources).filter(([id]) => NETWORK_SOURCES.has(id))),
    layers: style.layers.filter((l) => 'source' in l && NETWORK_SOURCES.has(l.source)),
  };
}

function mergeNetwork(network: NetworkStyle, base: StyleSpecification): StyleSpecification {
  return {
    ...base,
    sources: { ...base.sources, ...network.sources },
    layers: [...base.layers, ...network.layers],
  };
}
