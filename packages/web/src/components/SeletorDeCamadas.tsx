// Layer on/off switches, with the number of features the import holds for each layer.
import { useState } from 'react';
import type { ControladorDoMapa } from '../map/ControladorDoMapa.ts';
import { CAMADAS_DA_REDE } from '../map/layers/index.ts';

interface Props {
  controlador: ControladorDoMapa | null;
  contagens: Record<string, number>;
}

export function SeletorDeCamadas({ controlador, contagens }: Props) {
  const [visiveis, setVisiveis] = useState<Record<string, boolean>>(() =>
    Object.fromEntries(CAMADAS_DA_REDE.map((c) => [c.tabela, c.visivelPorPadrao])),
  );

  function alternar(tabela: string) {
    const visivel = !visiveis[tabela];
    setVisiveis((atual) => ({ ...atual, [tabela]: visivel }));
    controlador?.definirVisibilidade(tabela, visivel);
  }

  return (
    <section className="painel-secao" aria-labelledby="titulo-camadas">
      <h2 id="titulo-camadas">Camadas</h2>
      <ul className="lista-camadas">
        {[...CAMADAS_DA_REDE].reverse().map((camada) => {
          const total = contagens[camada.tabela];
          const vazia = total === 0;
          return (
            <li key={camada.tabela} className={vazia ? 'camada-vazia' : undefined}>
              <label>
                <input
                  type="checkbox"
                  checked={visiveis[camada.tabela] ?? false}
                  onChange={() => alternar(camada.tabela)}
                  data-camada={camada.tabela}
                />
                <span>{camada.rotulo}</span>
                <span className="contagem">{total === undefined ? '' : vazia ? 'sem dados' : total}</span>
              </label>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
