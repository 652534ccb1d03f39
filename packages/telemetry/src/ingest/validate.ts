// Decoding and validation of one reading, pure (the clock is a parameter). The JSON Schema below is the
// single definition of a reading: Ajv compiles it here for MQTT, and the HTTP route hands the same schema
// to Fastify's Ajv. Checks a schema cannot express (timestamp offset, future/too old, topic vs body) follow.
import { Ajv, type ErrorObject } from 'ajv';
import { MEASUREMENT_FIELDS, type Reading } from '../model.ts';

/** Why a reading was rejected (stored in `telemetria_rejeitada.motivo`, counted per value). */
export type RejectReason =
  | 'json_invalido'
  | 'payload_grande'
  | 'topico_invalido'
  | 'campo_ausente'
  | 'tipo_invalido'
  | 'fora_da_faixa'
  | 'esquema'
  | 'timestamp_invalido'
  | 'timestamp_sem_fuso'
  | 'timestamp_futuro'
  | 'timestamp_antigo'
  | 'cod_divergente';

export interface Rejection {
  motivo: RejectReason;
  detalhe: string;
}

export type Validated = { ok: true; reading: Reading } | { ok: false; rejection: Rejection };

export const COD_PATTERN = '^[^\\s/+#\\u0000-\\u001f\\\\]{1,40}$';
const codRegex = new RegExp(COD_PATTERN, 'u');

/** Plausible physical ranges: anything outside is an instrument or encoding fault, not a measurement. */
export const RANGES: Record<(typeof MEASUREMENT_FIELDS)[number], [number, number]> = {
  tensao_primario: [0, 500], // kV
  tensao_secundario: [0, 2000], // V
  corrente_a: [0, 100_000], // A
  corrente_b: [0, 100_000],
  corrente_c: [0, 100_000],
  potencia_ativa: [-100_000, 100_000], // kW (negative: reverse flow from distributed generation)
  potencia_reativa: [-100_000, 100_000], // kVAr
  temperatura: [-50, 250], // °C
};

/** ISO-8601 date-time with an explicit offset (Z or ±hh:mm). */
const TIMESTAMP_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const TIMESTAMP_ANY = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?/;

/** JSON Schema of one reading (the brief's fields). `cod_transformador` is required on HTTP only. */
export const readingSchema = {
  $id: 'telemetriaLeitura',
  type: 'object',
  required: ['timestamp', ...MEASUREMENT_FIELDS],
  properties: {
    cod_transformador: { type: 'string', pattern: COD_PATTERN },
    timestamp: { type: 'string', minLength: 10, maxLength: 40 },
    ...Object.fromEntries(
      MEASUREMENT_FIELDS.map((f) => [f, { type: 'number', minimum: RANGES[f][0], maximum: RANGES[f][1] }]),
    ),
    status: { type: 'string', maxLength: 20 },
  },
} as const;

const ajv = new Ajv({ allErrors: false, strict: false, coerceTypes: false });
const validateSchema = ajv.compile(readingSchema);

export const MAX_PAYLOAD_BYTES = 16 * 1024;

export function describeSchemaError(e: ErrorObject): Rejection {
  const field = e.instancePath.replace(/^\//, '') || 'leitura';
  if (field === 'timestamp' && e.keyword !== 'type') {
    return { motivo: 'timestamp_invalido', detalhe: 'timestamp não é ISO-8601' };
  }
  switch (e.keyword) {
    case 'required':
      return {
        motivo: 'campo_ausente',
        detalhe: `campo obrigatório ausente: ${String(e.params.missingProperty)}`,
      };
    case 'type':
      return {
        motivo: 'tipo_invalido',
        detalhe: `${field} deve ser ${e.params.type === 'number' ? 'número' : e.params.type}`,
      };
    case 'minimum':
    case 'maximum':
      return {
        motivo: 'fora_da_faixa',
        detalhe: `${field} fora da faixa plausível [${RANGES[field as keyof typeof RANGES]?.join(', ') ?? '?'}]`,
      };
    default:
      return { motivo: 'esquema', detalhe: `${field}: ${e.message ?? e.keyword}` };
  }
}

/** Transformer code from `{prefix}/{cod}`; null when the topic does not have that shape. */
export function codFromTopic(topic: string, prefix: string): string | null {
  if (!topic.startsWith(`${prefix}/`)) return null;
  const cod = topic.slice(prefix.length + 1);
  return codRegex.test(cod) ? cod : null;
}

export interface ValidateOptions {
  now: number;
  futureToleranceSeconds: number;
  retentionDays: number;
}

/** Validates an already-parsed value. `cod` comes from the MQTT topic (or null: from the body). */
export function validateReading(value: unknown, cod: string | null, opts: ValidateOptions): Validated {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      rejection: { motivo: 'tipo_invalido', detalhe: 'a leitura deve ser um objeto JSON' },
    };
  }
  if (!validateSchema(value)) {
    const first = validateSchema.errors?.[0];
    return {
      ok: false,
      rejection: first ? describeSchemaError(first) : { motivo: 'esquema', detalhe: 'leitura inválida' },
    };
  }
  const v = value as Record<string, unknown>;
  const bodyCod = typeof v.cod_transformador === 'string' ? v.cod_transformador : null;
  if (cod !== null && bodyCod !== null && bodyCod !== cod) {
    return {
      ok: false,
      rejection: {
        motivo: 'cod_divergente',
        detalhe: `cod_transformador "${bodyCod}" difere do tópico ("${cod}")`,
      },
    };
  }
  const codTransformador = cod ?? bodyCod;
  if (codTransformador === null) {
    return {
      ok: false,
      rejection: { motivo: 'campo_ausente', detalhe: 'campo obrigatório ausente: cod_transformador' },
    };
  }
  const stamp = v.timestamp as string;
  if (!TIMESTAMP_WITH_OFFSET.test(stamp)) {
    return {
      ok: false,
      rejection: TIMESTAMP_ANY.test(stamp)
        ? { motivo: 'timestamp_sem_fuso', detalhe: `timestamp sem fuso horário (ex.: -03:00 ou Z): ${stamp}` }
        : { motivo: 'timestamp_invalido', detalhe: `timestamp não é ISO-8601: ${stamp.slice(0, 40)}` },
    };
  }
  // Date.parse wants ±hh:mm; accept ±hhmm as ISO-8601 allows.
  const ts = Date.parse(stamp.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (!Number.isFinite(ts)) {
    return { ok: false, rejection: { motivo: 'timestamp_invalido', detalhe: `data inexistente: ${stamp}` } };
  }
  if (ts > opts.now + opts.futureToleranceSeconds * 1000) {
    return {
      ok: false,
      rejection: { motivo: 'timestamp_futuro', detalhe: `timestamp no futuro: ${stamp}` },
    };
  }
  if (ts < opts.now - opts.retentionDays * 86_400_000) {
    return {
      ok: false,
      rejection: {
        motivo: 'timestamp_antigo',
        detalhe: `timestamp anterior à retenção de ${opts.retentionDays} dias: ${stamp}`,
      },
    };
  }
  const reading = {
    cod_transformador: codTransformador,
    timestamp: new Date(ts).toISOString(),
    ts,
  } as Reading;
  for (const f of MEASUREMENT_FIELDS) reading[f] = v[f] as number;
  if (typeof v.status === 'string') reading.status = v.status;
  return { ok: true, reading };
}

/** Decodes an MQTT message (topic + raw bytes) and validates it. */
export function decodeMqtt(topic: string, payload: Buffer, prefix: string, opts: ValidateOptions): Validated {
  const cod = codFromTopic(topic, prefix);
  if (cod === null) {
    return {
      ok: false,
      rejection: {
        motivo: 'topico_invalido',
        detalhe: `tópico fora do formato ${prefix}/{cod_transformador}: ${topic.slice(0, 80)}`,
      },
    };
  }
  if (payload.length > MAX_PAYLOAD_BYTES) {
    return {
      ok: false,
      rejection: { motivo: 'payload_grande', detalhe: `payload de ${payload.length} bytes` },
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch (err) {
    return {
      ok: false,
      rejection: { motivo: 'json_invalido', detalhe: `JSON inválido: ${(err as Error).message}` },
    };
  }
  return validateReading(value, cod, opts);
}
