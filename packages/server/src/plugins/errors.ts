// Every error leaves as JSON `{ statusCode, erro, mensagem }` in Portuguese. Validation failures (the route
// schemas are the validators) become 400; unknown routes 404; unexpected errors 500 (logged).
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from '../http-errors.ts';

interface AjvLikeError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

const PLACES: Record<string, string> = {
  params: 'parâmetro de caminho',
  querystring: 'parâmetro de consulta',
  body: 'corpo',
  headers: 'cabeçalho',
};

/** One ajv error in Portuguese, e.g. `parâmetro de caminho "z" deve ser inteiro`. */
export function describeValidationError(error: AjvLikeError, dataVar: string): string {
  const place = PLACES[dataVar] ?? dataVar;
  const name = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const subject = name ? `${place} "${name}"` : place;
  const p = error.params;
  switch (error.keyword) {
    case 'type':
      return `${subject} deve ser do tipo ${translateType(String(p.type))}`;
    case 'minimum':
      return `${subject} deve ser ≥ ${p.limit}`;
    case 'maximum':
      return `${subject} deve ser ≤ ${p.limit}`;
    case 'exclusiveMinimum':
      return `${subject} deve ser > ${p.limit}`;
    case 'enum':
      return `${subject} deve ser um destes valores: ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'pattern':
      return `${subject} tem formato inválido`;
    case 'minLength':
      return `${subject} deve ter ao menos ${p.limit} caractere(s)`;
    case 'maxLength':
      return `${subject} deve ter no máximo ${p.limit} caracteres`;
    case 'required':
      return `${place} "${p.missingProperty}" é obrigatório`;
    case 'additionalProperties':
      return `${place} "${p.additionalProperty}" não é aceito`;
    default:
      return `${subject} inválido (${error.message ?? error.keyword})`;
  }
}

function translateType(type: string): string {
  return (
    { integer: 'inteiro', number: 'número', string: 'texto', boolean: 'booleano (true/false)' }[type] ?? type
  );
}

/** Fastify `schemaErrorFormatter`: builds the 400 error message from the ajv errors. */
export function schemaErrorFormatter(errors: AjvLikeError[], dataVar: string): Error {
  const message = errors.map((e) => describeValidationError(e, dataVar)).join('; ');
  return new Error(message || 'requisição inválida');
}

const STATUS_TEXT: Record<number, string> = {
  400: 'requisição inválida',
  404: 'não encontrado',
  405: 'método não permitido',
  409: 'conflito',
  413: 'requisição grande demais',
  415: 'tipo de conteúdo não suportado',
  500: 'erro interno',
  503: 'serviço indisponível',
};

export function errorBody(statusCode: number, mensagem: string) {
  return { statusCode, erro: STATUS_TEXT[statusCode] ?? `erro ${statusCode}`, mensagem };
}

async function errorsPlugin(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      return reply.code(error.statusCode).send(errorBody(error.statusCode, error.message));
    }
    if ((error as FastifyError).validation) {
      return reply.code(400).send(errorBody(400, error.message));
    }
    const status = (error as FastifyError).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return reply.code(status).send(errorBody(status, STATUS_TEXT[status] ?? error.message));
    }
    request.log.error({ err: error }, 'erro não tratado');
    return reply.code(500).send(errorBody(500, 'erro interno do servidor; veja o log'));
  });
}

export default fp(errorsPlugin, { name: 'erros' });
