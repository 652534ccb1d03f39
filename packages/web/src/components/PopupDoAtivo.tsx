// Popup with the clicked asset's attributes. The MapLibre popup is created once; its content is a React
// portal, filled from `GET /ativos/{cod_id}` (codes decoded by the server). If that request fails the
// popup falls back to the attributes carried by the vector tile.
import { Popup } from 'maplibre-gl';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { type Ativo, buscarAtivo } from '../api/client.ts';
import type { AtivoClicado, ControladorDoMapa } from '../map/ControladorDoMapa.ts';
import { camadaPorTabela } from '../map/layers/index.ts';
import { CartaoDoAtivo } from './CartaoDoAtivo.tsx';

interface Props {
  controlador: ControladorDoMapa | null;
  importacao: number;
}

type Detalhes =
  | { situacao: 'carregando' }
  | { situacao: 'pronto'; ativo: Ativo }
  | { situacao: 'falhou'; erro: string };

export function PopupDoAtivo({ controlador, importacao }: Props) {
  const [clicado, setClicado] = useState<AtivoClicado | null>(null);
  const [detalhes, setDetalhes] = useState<Detalhes>({ situacao: 'carregando' });
  const conteudo = useMemo(() => document.createElement('div'), []);
  const popup = useRef<Popup | null>(null);

  useEffect(() => {
    if (!controlador) return;
    const novo = new Popup({
      maxWidth: '380px',
      closeOnClick: false,
      focusAfterOpen: false,
      className: 'popup-ativo',
    }).setDOMContent(conteudo);
    novo.on('close', () => setClicado(null));
    popup.current = novo;
    const cancelar = controlador.aoClicarEmAtivo(setClicado);
    return () => {
      cancelar();
      novo.remove();
      popup.current = null;
    };
  }, [controlador, conteudo]);

  useEffect(() => {
    const atual = popup.current;
    if (!clicado || !controlador || !atual) {
      atual?.remove();
      return;
    }
    atual.setLngLat(clicado.lngLat);
    if (!atual.isOpen()) atual.addTo(controlador.mapa);
    setDetalhes({ situacao: 'carregando' });
    const controle = new AbortController();
    buscarAtivo(clicado.codId, importacao, controle.signal)
      .then((ativos) => {
        const ativo = ativos.find((a) => a.camada === clicado.tabela) ?? ativos[0];
        setDetalhes(
          ativo
            ? { situacao: 'pronto', ativo }
            : { situacao: 'falhou', erro: 'Ativo não encontrado no cadastro.' },
        );
      })
      .catch((err: Error) => {
        if (err.name !== 'AbortError') setDetalhes({ situacao: 'falhou', erro: err.message });
      });
    return () => controle.abort();
  }, [clicado, controlador, importacao]);

  // New content changes the popup's size: re-anchor it and repaint the map beneath its old place.
  useLayoutEffect(() => {
    if (!clicado || detalhes.situacao === 'carregando') return;
    popup.current?.setLngLat(clicado.lngLat);
    controlador?.mapa.triggerRepaint();
  }, [clicado, controlador, detalhes]);

  if (!clicado) return null;
  const titulo = camadaPorTabela(clicado.tabela)?.rotulo ?? clicado.tabela.toUpperCase();
  return createPortal(
    detalhes.situacao === 'pronto' ? (
      <CartaoDoAtivo
        titulo={titulo}
        codId={clicado.codId}
        atributos={detalhes.ativo.atributos}
        decodificados={detalhes.ativo.decodificados}
      />
    ) : (
      <CartaoDoAtivo
        titulo={titulo}
        codId={clicado.codId}
        atributos={clicado.propriedades}
        decodificados={{}}
        aviso={
          detalhes.situacao === 'carregando'
            ? 'Carregando detalhes…'
            : `Detalhes indisponíveis (${detalhes.erro}); mostrando os atributos do mapa.`
        }
      />
    ),
    conteudo,
  );
}
