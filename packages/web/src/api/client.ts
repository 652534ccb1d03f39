// Typed client for the server's REST API. Same origin in production (the server serves this console),
// proxied by Vite in development — so every path here is relative.
// Response types keep the server's (Portuguese) JSON field names.

/** [minLon, minLat, maxLon, maxLat] in degrees (SIRGAS 2000 ≈ WGS 84). */
export type Bbox = [number, number, number, number];

/** One BDGD import (`GET /importacoes`). */
export interface BdgdImport {
  id_importado: number;
  nome: string;
  distribuidora: number | string | null;
  descricao?: string | null;
  arquivo?: string | null;
  importado_em: string;
  contagens: Record<string, number>;
}

/** One feeder (`GET /alimentadores`). */
export interface Feeder {
  id_importado: number;
  cod_id: string;
  nome: string | null;
  sub: string | null;
  bbox: Bbox | null;
  km_mt: number | null;
  n_transformadores: number | null;
}

/** One asset record (`GET /ativos/{cod_id}`). */
export interface Asset {
  camada: string;
  id_importado: number;
  id: number | string;
  atributos: Record<string, unknown>;
  /** Code fields decoded into words, keyed by field name (any case). */
  decodificados: Record<string, string>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function fetchJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { signal, headers: { accept: 'application/json' } });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, path, 'Servidor indisponível — verifique se ele está em execução.');
  }
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const body = (await response.json()) as { mensagem?: string; erro?: string; message?: string };
      detail = body.mensagem ?? body.erro ?? body.message ?? detail;
    } catch {
      // the body is not JSON; keep the statusText
    }
    throw new ApiError(response.status, path, `Erro ${response.status} em ${path}: ${detail}`);
  }
  return (await response.json()) as T;
}

function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** One entry of `GET /tiles/catalogo`: zoom range in which the server has data for a layer. */
export interface TileCatalogEntry {
  camada: string;
  nome: string;
  minzoom: number;
  maxzoom: number;
}

export async function fetchTileCatalog(signal?: AbortSignal): Promise<TileCatalogEntry[]> {
  const response = await fetchJson<{ camadas: TileCatalogEntry[] }>('/tiles/catalogo', signal);
  return response.camadas;
}

export function listImports(signal?: AbortSignal): Promise<BdgdImport[]> {
  return fetchJson<BdgdImport[]>('/importacoes', signal);
}

export function fetchFeeders(
  filter: { search?: string; importId?: number },
  signal?: AbortSignal,
): Promise<Feeder[]> {
  return fetchJson<Feeder[]>(
    withQuery('/alimentadores', { busca: filter.search?.trim(), importacao: filter.importId }),
    signal,
  );
}

export function fetchAsset(codId: string, importId?: number, signal?: AbortSignal): Promise<Asset[]> {
  return fetchJson<Asset[]>(
    withQuery(`/ativos/${encodeURIComponent(codId)}`, { importacao: importId }),
    signal,
  );
}

/** Absolute URL template of a layer's vector tiles (map workers need absolute URLs). */
export function tileUrl(table: string, importId?: number): string {
  const base = `${window.location.origin}/tiles/${table}/{z}/{x}/{y}.pbf`;
  return importId === undefined ? base : `${base}?importacao=${importId}`;
}
