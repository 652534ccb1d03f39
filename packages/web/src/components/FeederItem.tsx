import type { Feeder } from '../api/client.ts';
import { formatNumber } from '../domain/fieldLabels.ts';

interface Props {
  feeder: Feeder;
  colour: string | undefined;
  selected: boolean;
  onClick: () => void;
}

export function FeederItem({ feeder, colour, selected, onClick }: Props) {
  const { cod_id, nome, sub, km_mt, n_transformadores } = feeder;
  const details = [
    sub && `SE ${sub}`,
    km_mt !== null && `${formatNumber(km_mt)} km MT`,
    n_transformadores !== null && `${n_transformadores} trafos`,
  ].filter(Boolean);
  return (
    <li>
      <button
        type="button"
        className={`feeder-item${selected ? ' selected' : ''}`}
        aria-pressed={selected}
        data-cod-id={cod_id}
        onClick={onClick}
      >
        <span className="colour-swatch" style={{ background: colour ?? '#5f6b73' }} aria-hidden="true" />
        <span className="feeder-item-text">
          <span className="feeder-item-name">
            {nome?.trim() || cod_id}
            {nome?.trim() && <span className="feeder-item-code"> {cod_id}</span>}
          </span>
          <span className="feeder-item-details">{details.join(' · ')}</span>
        </span>
      </button>
    </li>
  );
}
