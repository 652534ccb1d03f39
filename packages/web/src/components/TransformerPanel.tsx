// Selected transformer: live values with their age, rated data, and history charts (uPlot) in three
// aggregations — 5 min (last 24 h, raw readings), 1 h (last 7 days) and 1 d (last 90 days).
import { useEffect, useMemo, useState } from 'react';
import { type Aggregation, fetchHistory, type HistoryResponse } from '../api/client.ts';
import type { LiveTelemetry } from '../live/LiveTelemetry.ts';
import { type ChartSeries, HistoryChart } from './HistoryChart.tsx';
import { ReadingAge, ReadingValues, StatusBadge } from './ReadingValues.tsx';
import { useNow } from './useNow.ts';

const RANGES: Record<Aggregation, { label: string; span: number; description: string }> = {
  '5m': { label: '5 min', span: 24 * 3600_000, description: 'últimas 24 h, leituras de 5 min' },
  '1h': { label: '1 h', span: 7 * 24 * 3600_000, description: 'últimos 7 dias, médias horárias' },
  '1d': { label: '1 d', span: 90 * 24 * 3600_000, description: 'últimos 90 dias, médias diárias' },
};

interface Chart {
  title: string;
  unit: string;
  series: ChartSeries[];
}

type HistoryState =
  | { status: 'loading' }
  | { status: 'failed'; error: string }
  | { status: 'ready'; data: HistoryResponse };

function column(points: HistoryResponse['pontos'], field: string): Array<number | null> {
  return points.map((p) => {
    const v = p[field];
    const n = typeof v === 'string' ? Number(v) : v;
    return typeof n === 'number' && Number.isFinite(n) ? n : null;
  });
}

function chartsOf(data: HistoryResponse): { times: number[]; charts: Chart[] } {
  const raw = data.agregacao === '5m';
  const times = data.pontos.map((p) => Date.parse(String(raw ? p.timestamp : p.bucket)) / 1000);
  const c = (field: string) => column(data.pontos, field);
  const charts: Chart[] = raw
    ? [
        {
          title: 'Tensão primária',
          unit: 'kV',
          series: [{ label: 'Tensão primária', colour: '#1f77b4', values: c('tensao_primario') }],
        },
        {
          title: 'Tensão secundária',
          unit: 'V',
          series: [{ label: 'Tensão secundária', colour: '#17becf', values: c('tensao_secundario') }],
        },
        {
          title: 'Potência',
          unit: 'kW / kVAr',
          series: [
            { label: 'Ativa (kW)', colour: '#2a9d3a', values: c('potencia_ativa') },
            { label: 'Reativa (kVAr)', colour: '#9467bd', values: c('potencia_reativa') },
          ],
        },
        {
          title: 'Temperatura',
          unit: '°C',
          series: [{ label: 'Temperatura', colour: '#d62728', values: c('temperatura') }],
        },
        {
          title: 'Correntes por fase',
          unit: 'A',
          series: [
            { label: 'Fase A', colour: '#e377c2', values: c('corrente_a') },
            { label: 'Fase B', colour: '#8c564b', values: c('corrente_b') },
            { label: 'Fase C', colour: '#7f7f7f', values: c('corrente_c') },
          ],
        },
      ]
    : [
        {
          title: 'Tensão primária',
          unit: 'kV',
          series: [
            { label: 'Média', colour: '#1f77b4', values: c('tensao_avg') },
            { label: 'Mínima', colour: '#ff7f0e', values: c('tensao_min') },
          ],
        },
        {
          title: 'Potência',
          unit: 'kW / kVAr',
          series: [
            { label: 'Ativa média (kW)', colour: '#2a9d3a', values: c('potencia_avg') },
            { label: 'Ativa máxima (kW)', colour: '#bcbd22', values: c('potencia_max') },
            { label: 'Reativa média (kVAr)', colour: '#9467bd', values: c('potencia_reativa_avg') },
          ],
        },
        {
          title: 'Temperatura máxima',
          unit: '°C',
          series: [{ label: 'Máxima', colour: '#d62728', values: c('temp_max') }],
        },
      ];
  return { times, charts };
}

export function TransformerPanel({
  codId,
  live,
  onClose,
}: {
  codId: string;
  live: LiveTelemetry | null;
  onClose: () => void;
}) {
  const [aggregation, setAggregation] = useState<Aggregation>('5m');
  const [history, setHistory] = useState<HistoryState>({ status: 'loading' });
  const [liveVersion, setLiveVersion] = useState(0);
  const now = useNow(1000);

  // New readings of this transformer refresh the history: at most every 10 s, the last one never lost.
  useEffect(() => {
    if (!live) return;
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      last = Date.now();
      setLiveVersion((v) => v + 1);
    };
    const off = live.onChange((changed) => {
      if (!changed.has(codId)) return;
      clearTimeout(timer);
      const wait = last + 10_000 - Date.now();
      if (wait <= 0) refresh();
      else timer = setTimeout(refresh, wait);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [live, codId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: liveVersion only re-triggers the request.
  useEffect(() => {
    const controller = new AbortController();
    const end = new Date(Date.now() + 60_000);
    const start = new Date(end.getTime() - RANGES[aggregation].span);
    setHistory((h) => (h.status === 'ready' && h.data.agregacao === aggregation ? h : { status: 'loading' }));
    fetchHistory(codId, aggregation, start, end, controller.signal)
      .then((data) => setHistory({ status: 'ready', data }))
      .catch((err: Error) => {
        if (err.name !== 'AbortError') setHistory({ status: 'failed', error: err.message });
      });
    return () => controller.abort();
  }, [codId, aggregation, liveVersion]);

  const chartData = useMemo(() => (history.status === 'ready' ? chartsOf(history.data) : null), [history]);
  const record = live?.get(codId);

  return (
    <section className="panel-section transformer-panel" data-testid="transformer-panel" data-cod={codId}>
      <div className="panel-title-row">
        <h2>Transformador {codId}</h2>
        <button type="button" className="button-icon" onClick={onClose} aria-label="Fechar painel">
          ×
        </button>
      </div>
      <div className="transformer-status-row">
        <StatusBadge record={record} now={now} />
        {record?.ctmt && <span className="muted">Alimentador {record.ctmt}</span>}
      </div>
      <ReadingAge record={record} now={now} connected={live?.connection === 'ao-vivo'} />
      <ReadingValues record={record} now={now} />
      <fieldset className="segmented" aria-label="Agregação do histórico">
        {(Object.keys(RANGES) as Aggregation[]).map((a) => (
          <button
            key={a}
            type="button"
            aria-pressed={aggregation === a}
            onClick={() => setAggregation(a)}
            data-aggregation={a}
          >
            {RANGES[a].label}
          </button>
        ))}
      </fieldset>
      <p className="muted small">Histórico: {RANGES[aggregation].description}.</p>
      {history.status === 'loading' && <p className="muted">Carregando histórico…</p>}
      {history.status === 'failed' && <p className="inline-error">{history.error}</p>}
      {chartData && chartData.times.length === 0 && (
        <p className="muted" data-testid="history-empty">
          Sem leituras neste período.
        </p>
      )}
      {chartData &&
        chartData.times.length > 0 &&
        chartData.charts.map((chart) => (
          <HistoryChart
            key={`${aggregation}-${chart.title}`}
            title={chart.title}
            unit={chart.unit}
            times={chartData.times}
            series={chart.series}
          />
        ))}
      {chartData && aggregation !== '5m' && (
        <p className="muted small">Correntes por fase só existem nas leituras de 5 min.</p>
      )}
    </section>
  );
}
