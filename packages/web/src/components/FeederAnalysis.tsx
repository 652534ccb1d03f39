// Feeder analysis: runs the power flow of the selected feeder (`POST /calculos/fluxo-carga/{ctmt}`),
// draws its segments coloured by loading and lists voltage violations and overloads.
// One request (`geojson: true`) returns the summary and the map's GeoJSON of the same solve. The result carries no distances from the feeder head: the voltage profile uses
// distances computed in the browser from the segments' geometry (see domain/voltageProfile.ts).
import { useEffect, useMemo, useState } from 'react';
import {
  type Feeder,
  type PowerFlowFeatureCollection,
  type PowerFlowSummary,
  runPowerFlow,
} from '../api/client.ts';
import { formatNumber } from '../domain/telemetry.ts';
import { voltageProfile } from '../domain/voltageProfile.ts';
import { POWER_FLOW_LEGEND } from '../map/layers/powerFlow.ts';
import type { MapController } from '../map/MapController.ts';
import { LegendSymbol } from './LegendSymbol.tsx';
import { ProfileChart } from './ProfileChart.tsx';

type RunState =
  | { status: 'idle' }
  | { status: 'running'; step: string }
  | { status: 'failed'; error: string }
  | { status: 'ready'; map: PowerFlowFeatureCollection; summary: PowerFlowSummary; ms: number };

const MAX_ROWS = 30;

export function FeederAnalysis({
  feeder,
  mapController,
}: {
  feeder: Feeder | null;
  mapController: MapController | null;
}) {
  const [state, setState] = useState<RunState>({ status: 'idle' });
  const code = feeder?.cod_id ?? null;

  // A different feeder clears the previous result from the map.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the feeder changes.
  useEffect(() => {
    setState({ status: 'idle' });
    mapController?.showPowerFlow(null);
  }, [code, mapController]);

  const run = async () => {
    if (!code) return;
    const started = performance.now();
    try {
      setState({ status: 'running', step: 'Calculando o fluxo de carga…' });
      const { geojson, ...summary } = await runPowerFlow(code);
      const map: PowerFlowFeatureCollection = { ...geojson, ctmt: code };
      mapController?.showPowerFlow(map);
      setState({ status: 'ready', map, summary, ms: performance.now() - started });
    } catch (err) {
      setState({ status: 'failed', error: (err as Error).message });
    }
  };

  const clear = () => {
    mapController?.showPowerFlow(null);
    setState({ status: 'idle' });
  };

  if (!feeder) {
    return (
      <section className="panel-section" aria-labelledby="flow-title">
        <h2 id="flow-title">Fluxo de carga</h2>
        <p className="muted">Selecione um alimentador na lista para calcular o fluxo de carga.</p>
      </section>
    );
  }

  return (
    <section
      className="panel-section feeder-analysis"
      aria-labelledby="flow-title"
      data-testid="feeder-analysis"
    >
      <h2 id="flow-title">Fluxo de carga — {feeder.nome ?? feeder.cod_id}</h2>
      <div className="button-row">
        <button type="button" onClick={() => void run()} disabled={state.status === 'running'}>
          {state.status === 'running' ? 'Calculando…' : 'Calcular fluxo de carga'}
        </button>
        {state.status === 'ready' && (
          <button type="button" className="button-secondary" onClick={clear}>
            Limpar
          </button>
        )}
      </div>
      {state.status === 'running' && <p className="muted">{state.step}</p>}
      {state.status === 'failed' && <p className="inline-error">{state.error}</p>}
      {state.status === 'ready' && <FlowResult state={state} />}
    </section>
  );
}

function FlowResult({ state }: { state: Extract<RunState, { status: 'ready' }> }) {
  const { map, summary } = state;
  const segments = map.features.length;
  const overloaded = map.features.filter((f) => f.properties.sobrecarga).length;
  const maxLoading = map.features.reduce((m, f) => Math.max(m, f.properties.carregamento_pct ?? 0), 0);
  const profile = useMemo(() => voltageProfile(map), [map]);
  return (
    <div className="flow-result" data-testid="flow-result" data-segments={segments}>
      <dl className="reading-values">
        <div>
          <dt>Trechos no mapa</dt>
          <dd>{segments.toLocaleString('pt-BR')}</dd>
        </div>
        <div>
          <dt>Carregamento máximo</dt>
          <dd>{formatNumber(maxLoading, 0)} %</dd>
        </div>
        <div>
          <dt>Trechos em sobrecarga</dt>
          <dd>{overloaded}</dd>
        </div>
        <div>
          <dt>Convergiu</dt>
          <dd>{summary.convergiu ? `sim (${summary.iteracoes} iterações)` : 'não'}</dd>
        </div>
        <div>
          <dt>Perdas totais</dt>
          <dd>{formatNumber(summary.perdas_totais_mw * 1000, 1)} kW</dd>
        </div>
        <div>
          <dt>Tensão mín. / máx.</dt>
          <dd>
            {summary.tensao_min_pu === null ? '—' : formatNumber(summary.tensao_min_pu, 3)} /{' '}
            {summary.tensao_max_pu === null ? '—' : formatNumber(summary.tensao_max_pu, 3)} pu
          </dd>
        </div>
      </dl>
      <ul className="legend">
        {POWER_FLOW_LEGEND.map((item) => (
          <li key={item.label}>
            <LegendSymbol symbol={item.symbol} />
            <span>Carregamento {item.label}</span>
          </li>
        ))}
      </ul>
      {profile.points.length > 0 ? (
        <ProfileChart points={profile.points} />
      ) : (
        <p className="muted small">Perfil de tensão indisponível: nenhum trecho com tensão calculada.</p>
      )}
      <p className="muted small" data-testid="voltage-profile-note">
        O resultado do fluxo não traz distâncias: elas são medidas aqui ao longo da geometria dos trechos, a
        partir da saída do alimentador (aproximação).
        {profile.unreached > 0 && ` ${profile.unreached} trechos sem ligação geométrica ficaram de fora.`}
      </p>
      <h3>Violações de tensão ({summary.violacoes_tensao.length})</h3>
      {summary.violacoes_tensao.length === 0 ? (
        <p className="muted">Nenhuma barra fora da faixa adequada (PRODIST Módulo 8).</p>
      ) : (
        <table className="compact-table" data-testid="violations">
          <thead>
            <tr>
              <th>Barra</th>
              <th>Nível</th>
              <th>Fase</th>
              <th>Tensão (pu)</th>
              <th>Tipo</th>
            </tr>
          </thead>
          <tbody>
            {summary.violacoes_tensao.slice(0, MAX_ROWS).map((v) => (
              <tr key={`${v.barra}-${v.fase}`}>
                <td>{v.barra}</td>
                <td>{v.nivel}</td>
                <td>{v.fase}</td>
                <td>{formatNumber(v.v_pu, 3)}</td>
                <td>{v.tipo === 'subtensao' ? 'Subtensão' : 'Sobretensão'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {summary.violacoes_tensao.length > MAX_ROWS && (
        <p className="muted small">
          Mostrando {MAX_ROWS} de {summary.violacoes_tensao.length}.
        </p>
      )}
      <h3>Sobrecargas ({summary.sobrecargas.length})</h3>
      {summary.sobrecargas.length === 0 ? (
        <p className="muted">Nenhum trecho ou transformador acima de 100 %.</p>
      ) : (
        <table className="compact-table">
          <thead>
            <tr>
              <th>Elemento</th>
              <th>Camada</th>
              <th>Carregamento</th>
            </tr>
          </thead>
          <tbody>
            {summary.sobrecargas.slice(0, MAX_ROWS).map((b) => (
              <tr key={b.id}>
                <td>{b.cod_id}</td>
                <td>{b.tabela.toUpperCase()}</td>
                <td>{formatNumber(b.carregamento_pct, 0)} %</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted small">Calculado em {formatNumber(state.ms / 1000, 1)} s.</p>
    </div>
  );
}
