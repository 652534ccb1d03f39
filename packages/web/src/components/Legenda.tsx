// Legend built from the layer modules' own legend entries (layers without data are left out).
import { CAMADAS_DA_REDE } from '../map/layers/index.ts';
import { SimboloDaLegenda } from './SimboloDaLegenda.tsx';

export function Legenda({ contagens }: { contagens: Record<string, number> }) {
  const itens = CAMADAS_DA_REDE.filter((c) => contagens[c.tabela] !== 0)
    .flatMap((c) => c.legenda)
    .reverse();
  return (
    <section className="painel-secao" aria-labelledby="titulo-legenda">
      <h2 id="titulo-legenda">Legenda</h2>
      <ul className="legenda">
        {itens.map((item) => (
          <li key={item.rotulo}>
            <SimboloDaLegenda simbolo={item.simbolo} />
            <span>{item.rotulo}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
