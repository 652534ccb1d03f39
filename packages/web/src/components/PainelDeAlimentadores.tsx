// Feeder list with search. Selecting a feeder highlights it and zooms the map to its extent.
import { useEffect, useState } from 'react';
import { type Alimentador, buscarAlimentadores } from '../api/client.ts';
import { AvisoDeErro } from './AvisoDeErro.tsx';
import { ItemDeAlimentador } from './ItemDeAlimentador.tsx';

interface Props {
  importacao: number;
  cores: Map<string, string>;
  selecionado: string | null;
  aoSelecionar: (alimentador: Alimentador | null) => void;
}

const ATRASO_DA_BUSCA_MS = 250;

export function PainelDeAlimentadores({ importacao, cores, selecionado, aoSelecionar }: Props) {
  const [busca, setBusca] = useState('');
  const [lista, setLista] = useState<Alimentador[] | null>(null);
  const [erro, setErro] = useState<string | null>(null);
  const [tentativa, setTentativa] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `tentativa` only re-triggers the request.
  useEffect(() => {
    const controle = new AbortController();
    const atraso = setTimeout(() => {
      buscarAlimentadores({ busca, importacao }, controle.signal)
        .then((resultado) => {
          setLista(resultado);
          setErro(null);
        })
        .catch((err: Error) => {
          if (err.name !== 'AbortError') setErro(err.message);
        });
    }, ATRASO_DA_BUSCA_MS);
    return () => {
      clearTimeout(atraso);
      controle.abort();
    };
  }, [busca, importacao, tentativa]);

  return (
    <section className="painel-secao painel-alimentadores" aria-labelledby="titulo-alimentadores">
      <h2 id="titulo-alimentadores">Alimentadores</h2>
      <input
        type="search"
        className="campo-busca"
        placeholder="Buscar por código, nome ou subestação"
        aria-label="Buscar alimentador"
        value={busca}
        onChange={(e) => setBusca(e.target.value)}
      />
      {erro && <AvisoDeErro mensagem={erro} aoTentarDeNovo={() => setTentativa((n) => n + 1)} />}
      {lista === null && !erro && <p className="texto-discreto">Carregando…</p>}
      {lista?.length === 0 && <p className="texto-discreto">Nenhum alimentador encontrado.</p>}
      <ul className="lista-alimentadores">
        {lista?.map((a) => (
          <ItemDeAlimentador
            key={a.cod_id}
            alimentador={a}
            cor={cores.get(a.cod_id)}
            selecionado={a.cod_id === selecionado}
            aoClicar={() => aoSelecionar(a)}
          />
        ))}
      </ul>
      {selecionado && (
        <button type="button" className="botao-secundario" onClick={() => aoSelecionar(null)}>
          Limpar destaque
        </button>
      )}
    </section>
  );
}
