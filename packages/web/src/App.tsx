// Console layout: header, side panel (feeders, layers, base map, legend) and the map with its popup.
import { useCallback, useEffect, useState } from 'react';
import {
  type Alimentador,
  type Bbox,
  buscarAlimentadores,
  buscarCatalogoDeTiles,
  type Importacao,
  listarImportacoes,
} from './api/client.ts';
import { AvisoDeErro } from './components/AvisoDeErro.tsx';
import { Cabecalho } from './components/Cabecalho.tsx';
import { EstadoVazio } from './components/EstadoVazio.tsx';
import { Legenda } from './components/Legenda.tsx';
import { PainelDeAlimentadores } from './components/PainelDeAlimentadores.tsx';
import { PopupDoAtivo } from './components/PopupDoAtivo.tsx';
import { SeletorDeCamadas } from './components/SeletorDeCamadas.tsx';
import { SeletorDeMapaBase } from './components/SeletorDeMapaBase.tsx';
import { VistaDoMapa } from './components/VistaDoMapa.tsx';
import { importacaoMaisRecente } from './domain/importacao.ts';
import type { ControladorDoMapa } from './map/ControladorDoMapa.ts';

type EstadoDasImportacoes =
  | { situacao: 'carregando' }
  | { situacao: 'falhou'; erro: string }
  | { situacao: 'pronto'; lista: Importacao[] };

function useImportacoes() {
  const [estado, setEstado] = useState<EstadoDasImportacoes>({ situacao: 'carregando' });
  const [tentativa, setTentativa] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `tentativa` only re-triggers the request.
  useEffect(() => {
    const controle = new AbortController();
    listarImportacoes(controle.signal)
      .then((lista) => setEstado({ situacao: 'pronto', lista }))
      .catch((err: Error) => {
        if (err.name !== 'AbortError') setEstado({ situacao: 'falhou', erro: err.message });
      });
    return () => controle.abort();
  }, [tentativa]);
  return { estado, tentarDeNovo: () => setTentativa((n) => n + 1) };
}

function uniaoDosLimites(limites: Array<Bbox | null>): Bbox | null {
  const validos = limites.filter((b): b is Bbox => Array.isArray(b) && b.length === 4);
  if (validos.length === 0) return null;
  return [
    Math.min(...validos.map((b) => b[0])),
    Math.min(...validos.map((b) => b[1])),
    Math.max(...validos.map((b) => b[2])),
    Math.max(...validos.map((b) => b[3])),
  ];
}

export function App() {
  const { estado, tentarDeNovo } = useImportacoes();
  const [controlador, setControlador] = useState<ControladorDoMapa | null>(null);
  const [cores, setCores] = useState<Map<string, string>>(() => new Map());
  const [selecionado, setSelecionado] = useState<string | null>(null);
  const aoCriarMapa = useCallback((c: ControladorDoMapa | null) => setControlador(c), []);

  const ativa = estado.situacao === 'pronto' ? importacaoMaisRecente(estado.lista) : undefined;
  const idAtiva = ativa?.id_importado;

  // Once per map and import: add the network, colour feeders and frame the whole network.
  useEffect(() => {
    if (!controlador || idAtiva === undefined) return;
    const controle = new AbortController();
    buscarCatalogoDeTiles(controle.signal)
      .catch((err: Error) => {
        if (err.name === 'AbortError') throw err;
        console.warn('[console] catálogo de tiles indisponível; usando faixas de zoom padrão:', err.message);
        return [];
      })
      .then((catalogo) => controlador.mostrarImportacao(idAtiva, catalogo))
      .catch(() => {});
    buscarAlimentadores({ importacao: idAtiva }, controle.signal)
      .then((todos) => {
        setCores(controlador.colorirAlimentadores(todos.map((a) => a.cod_id)));
        const limites = uniaoDosLimites(todos.map((a) => a.bbox));
        if (limites) controlador.enquadrar(limites, false);
      })
      .catch((err: Error) => {
        if (err.name !== 'AbortError') console.error('[console] alimentadores:', err.message);
      });
    return () => controle.abort();
  }, [controlador, idAtiva]);

  const selecionarAlimentador = useCallback(
    (alimentador: Alimentador | null) => {
      setSelecionado(alimentador?.cod_id ?? null);
      controlador?.destacarAlimentador(alimentador?.cod_id ?? null);
      if (alimentador?.bbox) controlador?.enquadrar(alimentador.bbox);
    },
    [controlador],
  );

  const semImportacao = estado.situacao === 'pronto' && !ativa;
  const contagens = ativa?.contagens ?? {};

  return (
    <div className="console">
      <Cabecalho importacao={ativa} />
      <div className="corpo">
        <aside className="painel" aria-label="Painel de controle">
          {estado.situacao === 'falhou' && (
            <AvisoDeErro mensagem={estado.erro} aoTentarDeNovo={tentarDeNovo} />
          )}
          {idAtiva !== undefined && (
            <PainelDeAlimentadores
              importacao={idAtiva}
              cores={cores}
              selecionado={selecionado}
              aoSelecionar={selecionarAlimentador}
            />
          )}
          {ativa && <SeletorDeCamadas controlador={controlador} contagens={contagens} />}
          <SeletorDeMapaBase controlador={controlador} />
          {ativa && <Legenda contagens={contagens} />}
        </aside>
        <main className="area-do-mapa">
          <VistaDoMapa aoCriar={aoCriarMapa} />
          {semImportacao && <EstadoVazio />}
          {idAtiva !== undefined && <PopupDoAtivo controlador={controlador} importacao={idAtiva} />}
        </main>
      </div>
    </div>
  );
}
