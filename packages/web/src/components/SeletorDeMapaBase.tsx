import { useState } from 'react';
import type { ControladorDoMapa } from '../map/ControladorDoMapa.ts';
import { ID_BASE_PADRAO } from '../map/estilosBase.ts';

export function SeletorDeMapaBase({ controlador }: { controlador: ControladorDoMapa | null }) {
  const [escolhido, setEscolhido] = useState(ID_BASE_PADRAO);
  const [aviso, setAviso] = useState<string | null>(null);
  const opcoes = controlador?.opcoesDeMapaBase() ?? [];
  if (opcoes.length < 2) return null;
  return (
    <section className="painel-secao" aria-labelledby="titulo-mapa-base">
      <h2 id="titulo-mapa-base">Mapa base</h2>
      <select
        className="campo-selecao"
        aria-labelledby="titulo-mapa-base"
        value={escolhido}
        onChange={(e) => {
          setEscolhido(e.target.value);
          setAviso(null);
          const anterior = escolhido;
          void controlador?.trocarMapaBase(e.target.value, (mensagem) => {
            setEscolhido(anterior);
            setAviso(mensagem);
          });
        }}
      >
        {opcoes.map((o) => (
          <option key={o.id} value={o.id}>
            {o.rotulo}
          </option>
        ))}
      </select>
      {aviso && <p className="texto-discreto">{aviso}</p>}
    </section>
  );
}
