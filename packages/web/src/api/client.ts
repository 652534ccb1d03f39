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

/** One JSON request with the server's Portuguese error message surfaced as an ApiError. */
async function requestJson<T>(path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, init);
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

function fetchJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return requestJson<T>(path, { signal, headers: { accept: 'application/json' } });
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

function postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  return requestJson<T>(path, {
    method: 'POST',
    signal,
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
}

// ── telemetry (packages/telemetry) ─────────────────────────────────────────────────────────────────

export type TransformerStatus = 'NORMAL' | 'ALERTA' | 'CRITICO' | 'OFFLINE';
export type Severity = 'ALERTA' | 'CRITICO';

/** Reading values as the server sends them (`timestamp` ISO-8601; the rest numbers in the brief's units). */
export type TelemetryValues = Record<string, number | string>;

/** One feature of `GET /mapa/transformadores/status`. */
export interface TransformerStatusFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] } | null;
  properties: {
    cod_id: string;
    pot_nom: number | null;
    ctmt: string | null;
    status: TransformerStatus | null;
    carregamento_pct: number | null;
    alertas_ativos: number;
    telemetria: TelemetryValues | null;
  };
}

export async function fetchTransformerStatus(
  bbox: Bbox,
  signal?: AbortSignal,
): Promise<{ features: TransformerStatusFeature[]; truncado: boolean }> {
  return fetchJson(withQuery('/mapa/transformadores/status', { bbox: bbox.join(',') }), signal);
}

export interface Alert {
  id: number;
  cod_transformador: string;
  ctmt: string | null;
  tipo: string;
  severidade: Severity;
  valor: number | null;
  limite: number | null;
  unidade: string;
  mensagem: string;
  aberto_em: string;
  atualizado_em: string;
  reconhecido_em: string | null;
  reconhecido_por: string | null;
  encerrado_em: string | null;
}

export function acknowledgeAlert(id: number, operador: string): Promise<{ alerta: Alert }> {
  return postJson(`/alertas/${id}/reconhecer`, { operador });
}

export interface CurrentTelemetry {
  cod_transformador: string;
  conhecido: boolean;
  status: TransformerStatus | null;
  telemetria: TelemetryValues;
  alertas_ativos: Alert[];
}

export function fetchCurrentTelemetry(cod: string, signal?: AbortSignal): Promise<CurrentTelemetry> {
  return fetchJson(`/telemetria/transformador/${encodeURIComponent(cod)}/atual`, signal);
}

export type Aggregation = '5m' | '1h' | '1d';

export interface HistoryResponse {
  cod_transformador: string;
  agregacao: Aggregation;
  inicio: string;
  fim: string;
  /** 5m: raw readings (`timestamp`, …); 1h/1d: buckets (`bucket`, tensao_avg, potencia_avg, temp_max…). */
  pontos: Array<Record<string, number | string | null>>;
}

export function fetchHistory(
  cod: string,
  agregacao: Aggregation,
  inicio: Date,
  fim: Date,
  signal?: AbortSignal,
): Promise<HistoryResponse> {
  return fetchJson(
    withQuery(`/telemetria/transformador/${encodeURIComponent(cod)}/historico`, {
      agregacao,
      inicio: inicio.toISOString(),
      fim: fim.toISOString(),
    }),
    signal,
  );
}

/** Location of an asset from `GET /ativos/{cod_id}` (first record of the layer with geometry). */
export async function fetchAssetLocation(
  codId: string,
  table: string,
  signal?: AbortSignal,
): Promise<[number, number] | null> {
  const records = await fetchJson<Array<Asset & { geometria?: { type: string; coordinates: unknown } }>>(
    `/ativos/${encodeURIComponent(codId)}`,
    signal,
  );
  const record = records.find((r) => r.camada === table && r.geometria) ?? records.find((r) => r.geometria);
  const g = record?.geometria;
  if (g?.type === 'Point' && Array.isArray(g.coordinates)) return g.coordinates as [number, number];
  return null;
}

// ── power flow (packages/server calculations) ──────────────────────────────────────────────────────

export interface VoltageViolation {
  barra: string;
  nivel: 'MT' | 'BT';
  fase: string;
  v_pu: number;
  faixa_adequada: [number, number];
  sistema: string;
  tipo: 'subtensao' | 'sobretensao';
}

export interface BranchLoading {
  id: string;
  tabela: string;
  cod_id: string;
  nivel: string;
  tipo: string;
  corrente_a: number;
  carregamento_pct: number;
  perdas_kw: number;
}

export interface PowerFlowSummary {
  ctmt: string;
  convergiu: boolean;
  iteracoes: number;
  mensagem: string | null;
  perdas_totais_mw: number;
  balanco: Record<string, number>;
  tensao_min_pu: number | null;
  tensao_max_pu: number | null;
  violacoes_tensao: VoltageViolation[];
  sobrecargas: BranchLoading[];
  defeitos: unknown[];
}

export interface PowerFlowFeatureCollection {
  type: 'FeatureCollection';
  ctmt: string;
  features: Array<{
    type: 'Feature';
    id: string;
    geometry: unknown;
    properties: {
      camada: string;
      cod_id: string;
      nivel: string;
      carregamento_pct: number;
      corrente_a: number;
      perdas_kw: number;
      tensao_min_pu: number | null;
      sobrecarga: boolean;
    };
  }>;
}

/** One power-flow run: the summary (without per-bus/branch lists) and the map's GeoJSON together. */
export function runPowerFlow(
  ctmt: string,
  signal?: AbortSignal,
): Promise<PowerFlowSummary & { geojson: Omit<PowerFlowFeatureCollection, 'ctmt'> }> {
  return postJson(
    `/calculos/fluxo-carga/${encodeURIComponent(ctmt)}`,
    { detalhes: false, geojson: true },
    signal,
  );
}

// ── imports: defect report ─────────────────────────────────────────────────────────────────────────

export interface ImportDefect {
  tipo: string;
  camada: string | null;
  campo: string | null;
  quantidade: number;
  descricao: string;
  exemplos: unknown;
}

export function fetchImportDefects(
  id: number,
  signal?: AbortSignal,
): Promise<{ id_importado: number; total: number; defeitos: ImportDefect[] }> {
  return fetchJson(`/importacoes/${id}/defeitos`, signal);
}

/** State of a background import job (`GET /importacoes/jobs/{id}`). */
export type ImportJobState = 'na_fila' | 'executando' | 'concluida' | 'falhou' | 'cancelada';

export interface ImportJob {
  id: string;
  estado: ImportJobState;
  arquivo: string;
  bytes: number;
  fase: string | null;
  /** The phase in Portuguese, as the server words it. */
  fase_descricao: string | null;
  camadas: Array<{ camada: string; tabela: string; feitas: number; total: number; concluida: boolean }>;
  resultado: {
    id_importado: number;
    nome: string;
    substituida: boolean;
    contagens: Record<string, number>;
    registros: number;
    n_defeitos: number;
    duracao_s: number;
  } | null;
  erro: string | null;
}

/**
 * Uploads a `.gdb.zip` to `POST /importacoes` (XMLHttpRequest, for the upload progress); resolves with
 * the id of the import job the server started. `onProgress` receives the fraction sent (0–1).
 */
export function uploadBdgd(
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<string> {
  const path = withQuery('/importacoes', { nome: file.name });
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: { job?: string; mensagem?: string; erro?: string } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // not JSON: fall back to the status text
      }
      if (xhr.status === 202 && body.job) resolve(body.job);
      else {
        const detail = body.mensagem ?? body.erro ?? xhr.statusText;
        reject(new ApiError(xhr.status, path, `Erro ${xhr.status} ao enviar o arquivo: ${detail}`));
      }
    };
    xhr.onerror = () =>
      reject(
        new ApiError(0, path, 'Falha de rede ao enviar o arquivo — verifique a conexão com o servidor.'),
      );
    xhr.onabort = () => reject(new DOMException('envio cancelado', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

export function fetchImportJob(id: string, signal?: AbortSignal): Promise<ImportJob> {
  return fetchJson<ImportJob>(`/importacoes/jobs/${encodeURIComponent(id)}`, signal);
}

/** Asks the server to cancel an import job (the database is left unchanged). */
export async function cancelImportJob(id: string): Promise<void> {
  const path = `/importacoes/jobs/${encodeURIComponent(id)}`;
  const response = await fetch(path, { method: 'DELETE', headers: { accept: 'application/json' } });
  // 409: it had already finished — the next poll shows how.
  if (!response.ok && response.status !== 409) {
    throw new ApiError(response.status, path, `Erro ${response.status} ao cancelar a importação`);
  }
}
