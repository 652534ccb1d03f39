// Voltage profile (distance from the feeder head × lowest phase voltage) as a uPlot scatter: MV and LV
// points, with the PRODIST adequate range limits drawn as lines.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ProfilePoint } from '../domain/voltageProfile.ts';

const decimal = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 3 });

export function ProfileChart({ points }: { points: ProfilePoint[] }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const container = element.current;
    if (!container || points.length === 0) return;
    const xs = points.map((p) => p.km);
    const mt = points.map((p) => (p.nivel === 'MT' ? p.pu : null));
    const bt = points.map((p) => (p.nivel === 'MT' ? null : p.pu));
    const low = points.map(() => 0.93);
    const high = points.map(() => 1.05);
    const dots = { show: true, size: 4 };
    const noLine = () => null;
    const plot = new uPlot(
      {
        width: Math.max(240, container.clientWidth),
        height: 180,
        legend: { show: true, live: false },
        cursor: { show: false },
        scales: { x: { time: false } },
        axes: [
          {
            stroke: '#555',
            grid: { stroke: '#eee' },
            values: (_u, s) => s.map((v) => `${decimal.format(v)} km`),
          },
          {
            stroke: '#555',
            grid: { stroke: '#eee' },
            size: 52,
            values: (_u, s) => s.map((v) => decimal.format(v)),
          },
        ],
        series: [
          { label: 'Distância' },
          { label: 'MT (pu)', stroke: '#1f6fb4', fill: '#1f6fb4', points: dots, paths: noLine },
          {
            label: 'BT (pu)',
            stroke: '#ff7f0e',
            fill: '#ff7f0e',
            points: { show: true, size: 3 },
            paths: noLine,
          },
          {
            label: 'Mín. adequada MT 0,93',
            stroke: '#2a9d3a',
            dash: [4, 4],
            width: 1,
            points: { show: false },
          },
          { label: 'Máx. 1,05', stroke: '#2a9d3a', dash: [4, 4], width: 1, points: { show: false } },
        ],
      },
      [xs, mt, bt, low, high] as uPlot.AlignedData,
      container,
    );
    return () => plot.destroy();
  }, [points]);
  return (
    <figure className="history-chart" data-testid="voltage-profile" data-points={points.length}>
      <figcaption>
        Perfil de tensão <span className="muted">(menor fase, pu × distância da saída)</span>
      </figcaption>
      <div ref={element} />
    </figure>
  );
}
