// JSON-schema fragments shared by route schemas (the schemas are the validators and feed /openapi.json).
export const importacaoQuery = {
  type: 'integer',
  minimum: 1,
  maximum: 2147483647,
  description: 'id_importado de uma importação (padrão: todas / a mais recente que contém o registro)',
} as const;

export const codIdParam = {
  type: 'string',
  minLength: 1,
  maxLength: 200,
  description: 'COD_ID como grafado no BDGD',
} as const;

export const errorResponse = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer' },
    erro: { type: 'string' },
    mensagem: { type: 'string' },
  },
} as const;

/** Standard 4xx responses documented on every route. */
export const errorResponses = { 400: errorResponse, 404: errorResponse } as const;

export const bboxArray = {
  type: 'array',
  items: { type: 'number' },
  minItems: 4,
  maxItems: 4,
  description: '[minLon, minLat, maxLon, maxLat] em EPSG:4674',
} as const;
