// One uPlot time-series chart. uPlot draws on canvas (no web fonts); it is re-created when the data
// changes (a few hundred points) and resized with its container.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  colour: string;
  values: Array<number | null>;
}

const PT_NAMES = {
  MMMM: [
    'janeiro',
    'fevereiro',
    'março',
    'abril',
    'maio',
    'junho',
    'julho',
    'agosto',
    'setembro',
    'outubro',
    'novembro',
    'dezembro',
  ],
  MMM: ['jan', 'fev', 'mar', 'abr', 'mai', 'jun', 'jul', 'ago', 'set', 'out', 'nov', 'dez'],
  WWWW: ['domingo', 'segunda', 'terça', 'quarta', 'quinta', 'sexta', 'sábado'],
  WWW: ['dom', 'seg', 'ter', 'qua', 'qui', 'sex', 'sáb'],
};

const decimal = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 2 });
const dayMonth = new Intl.DateTimeFormat('pt-BR', { day: '2-digit', month: '2-digit' });
const hourMinute = new Intl.DateTimeFormat('pt-BR', { hour: '2-digit', minute: '2-digit' });
const withSeconds = new Intl.DateTimeFormat('pt-BR', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Axis label in Brazilian format for a tick `v` (s) when ticks are `incr` seconds apart. */
function timeLabel(v: number, incr: number): string {
  const d = new Date(v * 1000);
  if (incr >= 86_400) return dayMonth.format(d);
  if (incr < 60) return withSeconds.format(d);
  const hm = hourMinute.format(d);
  return d.getHours() === 0 && d.getMinutes() === 0 ? `${dayMonth.format(d)} ${hm}` : hm;
}

export function HistoryChart({
  title,
  unit,
  times,
  series,
}: {
  title: string;
  unit: string;
  /** Unix seconds. */
  times: number[];
  series: ChartSeries[];
}) {
  const element = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const container = element.current;
    if (!container) return;
    const width = Math.max(240, container.clientWidth);
    const opts: uPlot.Options = {
      width,
      height: 150,
      fmtDate: (tpl) => uPlot.fmtDate(tpl, PT_NAMES),
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true } },
      axes: [
        {
          stroke: '#555',
          grid: { stroke: '#eee' },
          ticks: { stroke: '#ccc' },
          values: (_u, splits, _i, _space, incr) => splits.map((v) => timeLabel(v, incr)),
        },
        {
          stroke: '#555',
          grid: { stroke: '#eee' },
          ticks: { stroke: '#ccc' },
          size: 48,
          values: (_u, splits) => splits.map((v) => decimal.format(v)),
        },
      ],
      series: [
        {
          label: 'Horário',
          value: (_u, v) => (v == null ? '—' : new Date(v * 1000).toLocaleString('pt-BR')),
        },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.colour,
          width: 1.5,
          spanGaps: false,
          value: (_u: uPlot, v: number | null) => (v == null ? '—' : `${decimal.format(v)} ${unit}`),
        })),
      ],
    };
    const plot = new uPlot(opts, [times, ...series.map((s) => s.values)] as uPlot.AlignedData, container);
    const observer = new ResizeObserver(() => {
      const w = Math.max(240, container.clientWidth);
      if (w !== plot.width) plot.setSize({ width: w, height: 150 });
    });
    observer.observe(container);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [times, series, unit]);

  return (
    <figure className="history-chart" data-testid="history-chart" data-points={times.length}>
      <figcaption>
        {title} <span className="muted">({unit})</span>
      </figcaption>
      <div ref={element} />
    </figure>
  );
}
