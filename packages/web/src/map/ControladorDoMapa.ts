// Owns the single MapLibre map of the console. React components talk to it through these methods and
// never re-create layers on render: sources and style layers are added once; later changes are paint,
// filter, visibility and feature-state updates. Feature ids are promoted from `cod_id`, so live layers
// (transformer status) can use `setFeatureState` on the same sources.
import {
  type ExpressionSpecification,
  type LayerSpecification,
  type LngLat,
  type LngLatBoundsLike,
  Map as MapaMapLibre,
  type MapGeoJSONFeature,
  NavigationControl,
  type Point,
  ScaleControl,
  type StyleSpecification,
  setWorkerUrl,
  type VectorTileSource,
} from 'maplibre-gl';
import urlDoWorker from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { type Bbox, type CamadaDoCatalogo, urlDosTiles } from '../api/client.ts';
import { ID_BASE_PADRAO, type OpcaoDeMapaBase, opcoesDeMapaBase } from './estilosBase.ts';
import { COR_MT_SEM_ALIMENTADOR, PALETA_ALIMENTADORES } from './layers/cores.ts';
import { CAMADAS_DA_REDE, type CamadaDoMapa } from './layers/index.ts';
import { ID_DESTAQUE_MT, ID_LINHA_MT } from './layers/ssdmt.ts';

// The bundle places the worker under assets/; tell MapLibre where (its default looks next to its module).
setWorkerUrl(new URL(urlDoWorker, window.location.href).href);

declare global {
  interface Window {
    /** Test hook: the console's MapLibre map (used by the browser tests). */
    __mapa?: MapaMapLibre;
  }
}

/** Zoom range asked of the tile server when its catalogue is unavailable (it cuts data up to z18). */
const FAIXA_PADRAO_DOS_TILES = { minzoom: 0, maxzoom: 18 };

export interface AtivoClicado {
  tabela: string;
  codId: string;
  lngLat: LngLat;
  propriedades: Record<string, unknown>;
}

const VISAO_INICIAL = { center: [-51.5, -15.5] as [number, number], zoom: 3.6 };

export class ControladorDoMapa {
  readonly mapa: MapaMapLibre;
  private readonly opcoesBase: OpcaoDeMapaBase[] = opcoesDeMapaBase();
  private importacao: number | undefined;
  private redeAdicionada = false;
  private carregado = false;
  private readonly pendentes: Array<() => void> = [];
  private readonly ouvintesDeClique = new Set<(ativo: AtivoClicado | null) => void>();
  private alimentadorDestacado: string | null = null;

  constructor(container: HTMLElement) {
    const base = this.opcoesBase.find((o) => o.id === ID_BASE_PADRAO) ?? this.opcoesBase[0];
    this.mapa = new MapaMapLibre({
      container,
      style: base?.estilo ?? { version: 8, sources: {}, layers: [] },
      ...VISAO_INICIAL,
      maxZoom: 20,
      attributionControl: { compact: true },
      locale: {
        'NavigationControl.ZoomIn': 'Aproximar',
        'NavigationControl.ZoomOut': 'Afastar',
        'NavigationControl.ResetBearing': 'Norte para cima',
        'ScaleControl.Meters': 'm',
        'ScaleControl.Kilometers': 'km',
        'Popup.Close': 'Fechar',
      },
    });
    this.mapa.addControl(new NavigationControl({ showCompass: true }), 'top-right');
    this.mapa.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');
    this.mapa.once('load', () => {
      this.carregado = true;
      for (const acao of this.pendentes.splice(0)) acao();
    });
    this.mapa.on('click', (e) => this.tratarClique(e.point, e.lngLat));
    this.mapa.on('mousemove', (e) => {
      this.mapa.getCanvas().style.cursor = this.ativosEm(e.point).length > 0 ? 'pointer' : '';
    });
    window.__mapa = this.mapa;
  }

  private quandoPronto(acao: () => void): void {
    if (this.carregado) acao();
    else this.pendentes.push(acao);
  }

  /**
   * Shows the network of one import. The first call adds sources and layers (zoom ranges from the tile
   * catalogue, so no tile is requested where the server has none); later calls only swap tile URLs.
   */
  mostrarImportacao(idImportado: number, catalogo: CamadaDoCatalogo[] = []): void {
    this.quandoPronto(() => {
      if (this.redeAdicionada && this.importacao === idImportado) return;
      this.importacao = idImportado;
      if (!this.redeAdicionada) {
        for (const camada of CAMADAS_DA_REDE) {
          this.adicionarCamada(
            camada,
            catalogo.find((c) => c.camada === camada.tabela) ?? FAIXA_PADRAO_DOS_TILES,
          );
        }
        this.redeAdicionada = true;
        return;
      }
      for (const camada of CAMADAS_DA_REDE) {
        this.mapa.getSource<VectorTileSource>(camada.tabela)?.setTiles([this.urlDaCamada(camada)]);
      }
    });
  }

  private urlDaCamada(camada: CamadaDoMapa): string {
    return urlDosTiles(camada.tabela, this.importacao);
  }

  private adicionarCamada(camada: CamadaDoMapa, faixa: { minzoom: number; maxzoom: number }): void {
    this.mapa.addSource(camada.tabela, {
      type: 'vector',
      tiles: [this.urlDaCamada(camada)],
      minzoom: faixa.minzoom,
      maxzoom: faixa.maxzoom,
      promoteId: 'cod_id',
    });
    for (const estilo of camada.estilos) {
      this.mapa.addLayer({
        ...estilo,
        source: camada.tabela,
        'source-layer': camada.tabela,
        layout: { ...estilo.layout, visibility: camada.visivelPorPadrao ? 'visible' : 'none' },
      } as LayerSpecification);
    }
  }

  definirVisibilidade(tabela: string, visivel: boolean): void {
    this.quandoPronto(() => {
      const camada = CAMADAS_DA_REDE.find((c) => c.tabela === tabela);
      if (!camada || !this.redeAdicionada) return;
      for (const estilo of camada.estilos) {
        this.mapa.setLayoutProperty(estilo.id, 'visibility', visivel ? 'visible' : 'none');
      }
    });
  }

  /**
   * Colours MV lines by feeder: each feeder code gets the palette entry of its position in the sorted
   * list, so colours are stable for a given import and neighbours in the list never share a colour.
   */
  colorirAlimentadores(codigos: string[]): Map<string, string> {
    const cores = coresDosAlimentadores(codigos);
    this.quandoPronto(() => {
      if (!this.mapa.getLayer(ID_LINHA_MT)) return;
      const expressao: ExpressionSpecification | string =
        cores.size === 0
          ? COR_MT_SEM_ALIMENTADOR
          : ([
              'match',
              ['get', 'ctmt'],
              ...[...cores].flat(),
              COR_MT_SEM_ALIMENTADOR,
            ] as unknown as ExpressionSpecification);
      this.mapa.setPaintProperty(ID_LINHA_MT, 'line-color', expressao);
    });
    return cores;
  }

  /** Highlights one feeder (halo + others dimmed), or clears the highlight with `null`. */
  destacarAlimentador(codId: string | null): void {
    this.alimentadorDestacado = codId;
    this.quandoPronto(() => {
      if (!this.mapa.getLayer(ID_LINHA_MT)) return;
      const alvo = this.alimentadorDestacado;
      this.mapa.setFilter(ID_DESTAQUE_MT, ['==', ['get', 'ctmt'], alvo ?? '\u0000nenhum']);
      this.mapa.setPaintProperty(
        ID_LINHA_MT,
        'line-opacity',
        alvo === null ? 1 : ['case', ['==', ['get', 'ctmt'], alvo], 1, 0.3],
      );
    });
  }

  enquadrar(bbox: Bbox, animar = true): void {
    const limites: LngLatBoundsLike = [
      [bbox[0], bbox[1]],
      [bbox[2], bbox[3]],
    ];
    this.quandoPronto(() => {
      this.mapa.fitBounds(limites, { padding: 48, maxZoom: 17, duration: animar ? 900 : 0 });
    });
  }

  opcoesDeMapaBase(): OpcaoDeMapaBase[] {
    return this.opcoesBase;
  }

  /**
   * Swaps the base map keeping the network sources and layers as they are now (paint, filters,
   * visibility). A remote base style is fetched first: if it cannot be loaded (no internet) the map is
   * left untouched and `aoFalhar` is told, so the network never disappears.
   */
  async trocarMapaBase(id: string, aoFalhar?: (mensagem: string) => void): Promise<void> {
    const opcao = this.opcoesBase.find((o) => o.id === id);
    if (!opcao) return;
    let base: StyleSpecification;
    if (typeof opcao.estilo === 'string') {
      try {
        const resposta = await fetch(opcao.estilo);
        if (!resposta.ok) throw new Error(`HTTP ${resposta.status}`);
        base = (await resposta.json()) as StyleSpecification;
      } catch (err) {
        aoFalhar?.(`Mapa base indisponível (${(err as Error).message}); mantido o fundo atual.`);
        return;
      }
    } else {
      base = opcao.estilo;
    }
    this.mapa.setStyle(juntarRede(extrairRede(this.mapa.getStyle()), base), { diff: false });
  }

  /** Called with the asset under each click, or `null` when the click hit no asset. */
  aoClicarEmAtivo(ouvinte: (ativo: AtivoClicado | null) => void): () => void {
    this.ouvintesDeClique.add(ouvinte);
    return () => this.ouvintesDeClique.delete(ouvinte);
  }

  private idsClicaveis(): string[] {
    return CAMADAS_DA_REDE.flatMap((c) => c.estilos.map((e) => e.id)).filter(
      (id) => id !== ID_DESTAQUE_MT && this.mapa.getLayer(id) !== undefined,
    );
  }

  private ativosEm(ponto: Point): MapGeoJSONFeature[] {
    if (!this.redeAdicionada) return [];
    const folga = 5;
    return this.mapa.queryRenderedFeatures(
      [
        [ponto.x - folga, ponto.y - folga],
        [ponto.x + folga, ponto.y + folga],
      ],
      { layers: this.idsClicaveis() },
    );
  }

  private tratarClique(ponto: Point, lngLat: LngLat): void {
    // Features come top-most first: a transformer or switch wins over the line beneath it.
    const feicao = this.ativosEm(ponto).find((f) => f.properties.cod_id !== undefined);
    const ativo: AtivoClicado | null = feicao
      ? {
          tabela: feicao.source,
          codId: String(feicao.properties.cod_id),
          lngLat,
          propriedades: { ...feicao.properties },
        }
      : null;
    for (const ouvinte of this.ouvintesDeClique) ouvinte(ativo);
  }

  destruir(): void {
    if (window.__mapa === this.mapa) window.__mapa = undefined;
    this.ouvintesDeClique.clear();
    this.mapa.remove();
  }
}

export function coresDosAlimentadores(codigos: string[]): Map<string, string> {
  const ordenados = [...new Set(codigos)].sort((a, b) => a.localeCompare(b, 'pt-BR', { numeric: true }));
  return new Map(
    ordenados.map((cod, i) => [cod, PALETA_ALIMENTADORES[i % PALETA_ALIMENTADORES.length] ?? '']),
  );
}

const FONTES_DA_REDE = new Set(CAMADAS_DA_REDE.map((c) => c.tabela));

interface EstiloDaRede {
  fontes: StyleSpecification['sources'];
  camadas: LayerSpecification[];
}

function extrairRede(estilo: StyleSpecification): EstiloDaRede {
  return {
    fontes: Object.fromEntries(Object.entries(estilo.sources).filter(([id]) => FONTES_DA_REDE.has(id))),
    camadas: estilo.layers.filter((l) => 'source' in l && FONTES_DA_REDE.has(l.source)),
  };
}

function juntarRede(rede: EstiloDaRede, base: StyleSpecification): StyleSpecification {
  return { ...base, sources: { ...base.sources, ...rede.fontes }, layers: [...base.layers, ...rede.camadas] };
}
