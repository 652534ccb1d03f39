// Console layout: header, side panel (feeders, layers, base map, legend) and the map with its popup.
import { useCallback, useEffect, useState } from 'react';
import {
  type Alert,
  type Bbox,
  type BdgdImport,
  type Feeder,
  fetchAssetLocation,
  fetchFeeders,
  fetchTileCatalog,
  listImports,
} from './api/client.ts';
import { AlertCounter } from './components/AlertCounter.tsx';
import { AlertsPanel } from './components/AlertsPanel.tsx';
import { AssetPopup } from './components/AssetPopup.tsx';
import { BaseMapSelector } from './components/BaseMapSelector.tsx';
import { ConnectionBadge } from './components/ConnectionBadge.tsx';
import { EmptyState } from './components/EmptyState.tsx';
import { ErrorNotice } from './components/ErrorNotice.tsx';
import { FeederAnalysis } from './components/FeederAnalysis.tsx';
import { FeederPanel } from './components/FeederPanel.tsx';
import { Header } from './components/Header.tsx';
import { ImportsPage } from './components/ImportsPage.tsx';
import { LayerSelector } from './components/LayerSelector.tsx';
import { Legend } from './components/Legend.tsx';
import { MapView } from './components/MapView.tsx';
import { TransformerPanel } from './components/TransformerPanel.tsx';
import { AggregateTooltip, TransformerTooltip } from './components/TransformerTooltip.tsx';
import { latestImport } from './domain/imports.ts';
import { AlertStore } from './live/AlertStore.ts';
import { LiveTelemetry } from './live/LiveTelemetry.ts';
import type { MapController } from './map/MapController.ts';

type ImportsState =
  | { status: 'loading' }
  | { status: 'failed'; error: string }
  | { status: 'ready'; list: BdgdImport[] };

function useImports() {
  const [state, setState] = useState<ImportsState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` only re-triggers the request.
  useEffect(() => {
    const controller = new AbortController();
    listImports(controller.signal)
      .then((list) => setState({ status: 'ready', list }))
      .catch((err: Error) => {
        if (err.name !== 'AbortError') setState({ status: 'failed', error: err.message });
      });
    return () => controller.abort();
  }, [attempt]);
  return { state, retry: () => setAttempt((n) => n + 1) };
}

function unionOfBboxes(bboxes: Array<Bbox | null>): Bbox | null {
  const valid = bboxes.filter((b): b is Bbox => Array.isArray(b) && b.length === 4);
  if (valid.length === 0) return null;
  return [
    Math.min(...valid.map((b) => b[0])),
    Math.min(...valid.map((b) => b[1])),
    Math.max(...valid.map((b) => b[2])),
    Math.max(...valid.map((b) => b[3])),
  ];
}

const OPERATOR = 'operador do console';

/** Live telemetry (map status) and alerts, created once per map. */
function useLive(mapController: MapController | null) {
  const [live, setLive] = useState<{ telemetry: LiveTelemetry; alerts: AlertStore } | null>(null);
  const [alerts, setAlerts] = useState<Alert[]>([]);
  useEffect(() => {
    if (!mapController) return;
    const telemetry = new LiveTelemetry(mapController.map, {
      show: (data) => mapController.showTransformerAggregates(data),
      update: (cells) => mapController.updateTransformerAggregates(cells),
    });
    const alertStore = new AlertStore((cod, status) => telemetry.setStatus(cod, status));
    const off = alertStore.onChange(setAlerts);
    setLive({ telemetry, alerts: alertStore });
    return () => {
      off();
      alertStore.destroy();
      telemetry.destroy();
      setLive(null);
    };
  }, [mapController]);
  return { live, alerts };
}

export function App() {
  const { state, retry } = useImports();
  const [mapController, setMapController] = useState<MapController | null>(null);
  const [colours, setColours] = useState<Map<string, string>>(() => new Map());
  const [selected, setSelected] = useState<Feeder | null>(null);
  const [transformer, setTransformer] = useState<string | null>(null);
  const [importsOpen, setImportsOpen] = useState(false);
  const onMapCreated = useCallback((c: MapController | null) => setMapController(c), []);
  const { live, alerts } = useLive(mapController);
  const sockets = live ? [live.telemetry.socket, live.alerts.socket] : [];

  // A click on a transformer opens its panel (the BDGD popup still opens too).
  useEffect(
    () =>
      mapController?.onAssetClick((asset) => {
        if (asset?.table === 'untrd') setTransformer(asset.codId);
      }),
    [mapController],
  );

  const acknowledge = useCallback(
    async (alert: Alert) => {
      await live?.alerts.acknowledge(alert.id, OPERATOR);
    },
    [live],
  );

  const locate = useCallback(
    (alert: Alert) => {
      setTransformer(alert.cod_transformador);
      const known = live?.telemetry.get(alert.cod_transformador)?.lngLat;
      if (known) {
        mapController?.flyTo(known, 17);
        return;
      }
      fetchAssetLocation(alert.cod_transformador, 'untrd')
        .then((lngLat) => lngLat && mapController?.flyTo(lngLat, 17))
        .catch((err: Error) => console.warn('[alertas] localização:', err.message));
    },
    [live, mapController],
  );

  const active = state.status === 'ready' ? latestImport(state.list) : undefined;
  const activeId = active?.id_importado;

  // Once per map and import: add the network, colour feeders and frame the whole network.
  useEffect(() => {
    if (!mapController || activeId === undefined) return;
    const controller = new AbortController();
    fetchTileCatalog(controller.signal)
      .catch((err: Error) => {
        if (err.name === 'AbortError') throw err;
        console.warn('[console] catálogo de tiles indisponível; usando faixas de zoom padrão:', err.message);
        return [];
      })
      .then((catalog) => mapController.showImport(activeId, catalog))
      .catch(() => {});
    fetchFeeders({ importId: activeId }, controller.signal)
      .then((all) => {
        setColours(mapController.colourFeeders(all.map((f) => f.cod_id)));
        const bounds = unionOfBboxes(all.map((f) => f.bbox));
        if (bounds) mapController.fitBbox(bounds, false);
      })
      .catch((err: Error) => {
        if (err.name !== 'AbortError') console.error('[console] alimentadores:', err.message);
      });
    return () => controller.abort();
  }, [mapController, activeId]);

  const selectFeeder = useCallback(
    (feeder: Feeder | null) => {
      setSelected(feeder);
      mapController?.highlightFeeder(feeder?.cod_id ?? null);
      if (feeder?.bbox) mapController?.fitBbox(feeder.bbox);
    },
    [mapController],
  );

  const noImport = state.status === 'ready' && !active;
  const counts = active?.contagens ?? {};

  return (
    <div className="console">
      <Header bdgdImport={active}>
        {state.status === 'ready' && state.list.length > 0 && (
          <button
            type="button"
            className="header-button"
            aria-pressed={importsOpen}
            onClick={() => setImportsOpen((o) => !o)}
          >
            Importações
          </button>
        )}
        <AlertCounter alerts={alerts} />
        <ConnectionBadge sockets={sockets} />
      </Header>
      <div className="console-body">
        <aside className="panel" aria-label="Painel de controle">
          {state.status === 'failed' && <ErrorNotice message={state.error} onRetry={retry} />}
          {activeId !== undefined && (
            <FeederPanel
              importId={activeId}
              colours={colours}
              selected={selected?.cod_id ?? null}
              onSelect={selectFeeder}
            />
          )}
          {active && <FeederAnalysis feeder={selected} mapController={mapController} />}
          {active && <LayerSelector mapController={mapController} counts={counts} />}
          <BaseMapSelector mapController={mapController} />
          {active && <Legend counts={counts} />}
        </aside>
        <main className="map-area">
          <MapView onCreate={onMapCreated} />
          {noImport && <EmptyState />}
          {activeId !== undefined && <AssetPopup mapController={mapController} importId={activeId} />}
          <TransformerTooltip mapController={mapController} live={live?.telemetry ?? null} />
          <AggregateTooltip mapController={mapController} />
          {importsOpen && state.status === 'ready' && (
            <ImportsPage imports={state.list} onClose={() => setImportsOpen(false)} onImported={retry} />
          )}
        </main>
        <aside className="panel ops-panel" aria-label="Operação em tempo real">
          <AlertsPanel alerts={alerts} onAcknowledge={acknowledge} onLocate={locate} />
          {transformer && (
            <TransformerPanel
              key={transformer}
              codId={transformer}
              live={live?.telemetry ?? null}
              onClose={() => setTransformer(null)}
            />
          )}
        </aside>
      </div>
    </div>
  );
}
