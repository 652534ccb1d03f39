// Popup with the clicked asset's attributes. The MapLibre popup is created once; its content is a React
// portal, filled from `GET /ativos/{cod_id}` (codes decoded by the server). If that request fails the
// popup falls back to the attributes carried by the vector tile.
import { Popup } from 'maplibre-gl';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { type Asset, fetchAsset } from '../api/client.ts';
import { layerByTable } from '../map/layers/index.ts';
import type { ClickedAsset, MapController } from '../map/MapController.ts';
import { AssetCard } from './AssetCard.tsx';

interface Props {
  mapController: MapController | null;
  importId: number;
}

type Details =
  | { status: 'loading' }
  | { status: 'ready'; asset: Asset }
  | { status: 'failed'; error: string };

export function AssetPopup({ mapController, importId }: Props) {
  const [clicked, setClicked] = useState<ClickedAsset | null>(null);
  const [details, setDetails] = useState<Details>({ status: 'loading' });
  const content = useMemo(() => document.createElement('div'), []);
  const popup = useRef<Popup | null>(null);

  useEffect(() => {
    if (!mapController) return;
    const created = new Popup({
      maxWidth: '380px',
      closeOnClick: false,
      focusAfterOpen: false,
      className: 'asset-popup',
    }).setDOMContent(content);
    created.on('close', () => setClicked(null));
    popup.current = created;
    const unsubscribe = mapController.onAssetClick(setClicked);
    return () => {
      unsubscribe();
      created.remove();
      popup.current = null;
    };
  }, [mapController, content]);

  useEffect(() => {
    const current = popup.current;
    if (!clicked || !mapController || !current) {
      current?.remove();
      return;
    }
    current.setLngLat(clicked.lngLat);
    if (!current.isOpen()) current.addTo(mapController.map);
    setDetails({ status: 'loading' });
    const controller = new AbortController();
    fetchAsset(clicked.codId, importId, controller.signal)
      .then((assets) => {
        const asset = assets.find((a) => a.camada === clicked.table) ?? assets[0];
        setDetails(
          asset
            ? { status: 'ready', asset }
            : { status: 'failed', error: 'Ativo não encontrado no cadastro.' },
        );
      })
      .catch((err: Error) => {
        if (err.name !== 'AbortError') setDetails({ status: 'failed', error: err.message });
      });
    return () => controller.abort();
  }, [clicked, mapController, importId]);

  // New content changes the popup's size: re-anchor it and repaint the map beneath its old place.
  useLayoutEffect(() => {
    if (!clicked || details.status === 'loading') return;
    popup.current?.setLngLat(clicked.lngLat);
    mapController?.map.triggerRepaint();
  }, [clicked, mapController, details]);

  if (!clicked) return null;
  const title = layerByTable(clicked.table)?.label ?? clicked.table.toUpperCase();
  return createPortal(
    details.status === 'ready' ? (
      <AssetCard
        title={title}
        codId={clicked.codId}
        attributes={details.asset.atributos}
        decoded={details.asset.decodificados}
      />
    ) : (
      <AssetCard
        title={title}
        codId={clicked.codId}
        attributes={clicked.properties}
        decoded={{}}
        notice={
          details.status === 'loading'
            ? 'Carregando detalhes…'
            : `Detalhes indisponíveis (${details.error}); mostrando os atributos do mapa.`
        }
      />
    ),
    content,
  );
}
