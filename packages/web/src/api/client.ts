// Typed client for the server's REST API. Same origin in production (the server serves this console),
// proxied by Vite in development — so every path here is relative.

/** [minLon, minLat, maxLon, maxLat] in degrees (SIRGAS 2000 ≈ WGS 84). */
export type Bbox = [number, number, number, number];

export interface Importacao {
  id_importado: number;
  nome: string;
  distribuidora: number | string | null;
  descricao?: string | null;
  arquivo?: string | null;
  importado_em: string;
  contagens: Record<string, number>;
}

export interface Alimentador {
  id_importado: number;
  cod_id: string;
  nome: string | null;
  sub: string | null;
  bbox: Bbox | null;
  km_mt: number | null;
  n_transformadores: number | null;
}

export interface Ativo {
  camada: string;
  id_importado: number;
  id: number | string;
  atributos: Record<string, unknown>;
  /** Code fields decoded into words, keyed by field name (any case). */
  decodificados: Record<string, string>;
}

export class ErroDeApi extends Error {
  constructor(
    readonly status: number,
    readonly caminho: string,
    mensagem: string,
  ) {
    super(mensagem);
    this.name = 'ErroDeApi';
  }
}

async function buscarJson<T>(caminho: string, sinal?: AbortSignal): Promise<T> {
  let resposta: Response;
  try {
    resposta = await fetch(caminho, { signal: sinal, headers: { accept: 'application/json' } });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ErroDeApi(0, caminho, 'Servidor indisponível — verifique se ele está em execução.');
  }
  if (!resposta.ok) {
    let detalhe = resposta.statusText;
    try {
      const corpo = (await resposta.json()) as { mensagem?: string; erro?: string; message?: string };
      detalhe = corpo.mensagem ?? corpo.erro ?? corpo.message ?? detalhe;
    } catch {
      // corpo não é JSON; mantém o statusText
    }
    throw new ErroDeApi(resposta.status, caminho, `Erro ${resposta.status} em ${caminho}: ${detalhe}`);
  }
  return (await resposta.json()) as T;
}

function comParametros(caminho: string, parametros: Record<string, string | number | undefined>): string {
  const busca = new URLSearchParams();
  for (const [chave, valor] of Object.entries(parametros)) {
    if (valor !== undefined && valor !== '') busca.set(chave, String(valor));
  }
  const texto = busca.toString();
  return texto ? `${caminho}?${texto}` : caminho;
}

/** One entry of `GET /tiles/catalogo`: zoom range in which the server has data for a layer. */
export interface CamadaDoCatalogo {
  camada: string;
  nome: string;
  minzoom: number;
  maxzoom: number;
}

export async function buscarCatalogoDeTiles(sinal?: AbortSignal): Promise<CamadaDoCatalogo[]> {
  const resposta = await buscarJson<{ camadas: CamadaDoCatalogo[] }>('/tiles/catalogo', sinal);
  return resposta.camadas;
}

export function listarImportacoes(sinal?: AbortSignal): Promise<Importacao[]> {
  return buscarJson<Importacao[]>('/importacoes', sinal);
}

export function buscarAlimentadores(
  filtro: { busca?: string; importacao?: number },
  sinal?: AbortSignal,
): Promise<Alimentador[]> {
  return buscarJson<Alimentador[]>(
    comParametros('/alimentadores', { busca: filtro.busca?.trim(), importacao: filtro.importacao }),
    sinal,
  );
}

export function buscarAtivo(codId: string, importacao?: number, sinal?: AbortSignal): Promise<Ativo[]> {
  return buscarJson<Ativo[]>(comParametros(`/ativos/${encodeURIComponent(codId)}`, { importacao }), sinal);
}

/** Absolute URL template of a layer's vector tiles (map workers need absolute URLs). */
export function urlDosTiles(camada: string, importacao?: number): string {
  const base = `${window.location.origin}/tiles/${camada}/{z}/{x}/{y}.pbf`;
  return importacao === undefined ? base : `${base}?importacao=${importacao}`;
}
