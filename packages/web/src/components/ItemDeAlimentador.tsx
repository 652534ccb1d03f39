import type { Alimentador } from '../api/client.ts';
import { formatarNumero } from '../domain/rotulos.ts';

interface Props {
  alimentador: Alimentador;
  cor: string | undefined;
  selecionado: boolean;
  aoClicar: () => void;
}

export function ItemDeAlimentador({ alimentador, cor, selecionado, aoClicar }: Props) {
  const { cod_id, nome, sub, km_mt, n_transformadores } = alimentador;
  const detalhes = [
    sub && `SE ${sub}`,
    km_mt !== null && `${formatarNumero(km_mt)} km MT`,
    n_transformadores !== null && `${n_transformadores} trafos`,
  ].filter(Boolean);
  return (
    <li>
      <button
        type="button"
        className={`item-alimentador${selecionado ? ' selecionado' : ''}`}
        aria-pressed={selecionado}
        data-cod-id={cod_id}
        onClick={aoClicar}
      >
        <span className="amostra-cor" style={{ background: cor ?? '#5f6b73' }} aria-hidden="true" />
        <span className="item-alimentador-texto">
          <span className="item-alimentador-nome">
            {nome?.trim() || cod_id}
            {nome?.trim() && <span className="item-alimentador-codigo"> {cod_id}</span>}
          </span>
          <span className="item-alimentador-detalhes">{detalhes.join(' · ')}</span>
        </span>
      </button>
    </li>
  );
}
