// Alert persistence around the pure lifecycle (rules/lifecycle.ts). PostgreSQL table `alertas` is the
// source of truth (at most one active alert per transformer and type, enforced by a partial unique index,
// so several ingesters cannot open the same alert twice); Redis `alertas:{cod}` mirrors the active ones;
// `alertas:stream` carries the events. Only a change notifies: an alert that is still active is updated
// silently at each reading.
import type pg from 'pg';
import type { Bus } from '../bus/bus.ts';
import type { Alert, AlertEvent, AlertType, Reading, Severity, TransformerStatus } from '../model.ts';
import type { Evaluation } from '../rules/anomalies.ts';
import {
  decide,
  type Keep,
  type OpenAlert,
  offlineRaise,
  type Raise,
  statusFromAlerts,
} from '../rules/lifecycle.ts';

const COLUMN_NAMES = [
  'cod_transformador',
  'ctmt',
  'tipo',
  'severidade',
  'valor',
  'limite',
  'unidade',
  'mensagem',
  'aberto_em',
  'atualizado_em',
  'reconhecido_em',
  'reconhecido_por',
  'encerrado_em',
];
const columns = (alias: string) =>
  [`${alias}.id::float8 AS id`, ...COLUMN_NAMES.map((c) => `${alias}.${c}`)].join(', ');
const ALERT_COLUMNS = columns('alertas');

interface AlertRow {
  id: number;
  cod_transformador: string;
  ctmt: string | null;
  tipo: AlertType;
  severidade: Severity;
  valor: number | null;
  limite: number | null;
  unidade: string;
  mensagem: string;
  aberto_em: Date;
  atualizado_em: Date;
  reconhecido_em: Date | null;
  reconhecido_por: string | null;
  encerrado_em: Date | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toAlert(row: AlertRow): Alert {
  return {
    id: Number(row.id),
    cod_transformador: row.cod_transformador,
    ctmt: row.ctmt,
    tipo: row.tipo,
    severidade: row.severidade,
    valor: row.valor,
    limite: row.limite,
    unidade: row.unidade,
    mensagem: row.mensagem,
    aberto_em: row.aberto_em.toISOString(),
    atualizado_em: row.atualizado_em.toISOString(),
    reconhecido_em: iso(row.reconhecido_em),
    reconhecido_por: row.reconhecido_por,
    encerrado_em: iso(row.encerrado_em),
  };
}

export interface ReadingForRules {
  reading: Reading;
  ctmt: string | null;
  evaluations: Evaluation[];
}

export interface AlertOutcome {
  status: Map<string, TransformerStatus>;
  events: AlertEvent[];
}

export interface AlertFilters {
  ativo?: boolean;
  severidade?: Severity;
  ctmt?: string;
  cod_transformador?: string;
  limite?: number;
}

export class AlertService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly bus: Bus,
  ) {}

  /** Applies the lifecycle to the newest reading of each transformer in a batch. */
  async onReadings(items: readonly ReadingForRules[]): Promise<AlertOutcome> {
    const status = new Map<string, TransformerStatus>();
    if (items.length === 0) return { status, events: [] };
    const cods = items.map((i) => i.reading.cod_transformador);
    const open = await this.pool.query<{
      id: number;
      cod_transformador: string;
      tipo: AlertType;
      severidade: Severity;
    }>(
      `SELECT id::float8 AS id, cod_transformador, tipo, severidade FROM public.alertas
        WHERE encerrado_em IS NULL AND cod_transformador = ANY($1::varchar[])`,
      [cods],
    );
    const openByCod = new Map<string, OpenAlert[]>();
    for (const row of open.rows) {
      const list = openByCod.get(row.cod_transformador) ?? [];
      list.push({ id: Number(row.id), tipo: row.tipo, severidade: row.severidade });
      openByCod.set(row.cod_transformador, list);
    }
    const raises: Array<Raise & { cod: string; ctmt: string | null; at: string }> = [];
    const keeps: Array<Keep & { at: string }> = [];
    const clears: Array<{ id: number; at: string }> = [];
    const changed = new Set<string>();
    for (const item of items) {
      const cod = item.reading.cod_transformador;
      const current = openByCod.get(cod) ?? [];
      const d = decide(current, item.evaluations);
      const at = item.reading.timestamp;
      for (const r of d.raise) raises.push({ ...r, cod, ctmt: item.ctmt, at });
      for (const k of d.keep) {
        keeps.push({ ...k, at });
        if (k.change) changed.add(cod);
      }
      for (const c of d.clear) clears.push({ id: c.id, at });
      if (d.raise.length > 0 || d.clear.length > 0) changed.add(cod);
      if (!changed.has(cod)) status.set(cod, statusFromAlerts(current));
    }
    if (raises.length === 0 && keeps.length === 0 && clears.length === 0) return { status, events: [] };

    const events: AlertEvent[] = [];
    const client = await this.pool.connect();
    const eventRows: Array<{ evento: AlertEvent['evento']; row: AlertRow }> = [];
    try {
      await client.query('BEGIN');
      if (raises.length > 0) {
        const r = await client.query<AlertRow>(
          `INSERT INTO public.alertas (cod_transformador, ctmt, tipo, severidade, valor, limite, unidade, mensagem,
             aberto_em, atualizado_em)
           SELECT c, ct, t, s, v, l, u, m, a, a
             FROM unnest($1::varchar[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::text[],
                         $8::text[], $9::timestamptz[]) AS x(c, ct, t, s, v, l, u, m, a)
           ORDER BY c, t
           ON CONFLICT (cod_transformador, tipo) WHERE encerrado_em IS NULL DO NOTHING
           RETURNING ${ALERT_COLUMNS}`,
          [
            raises.map((x) => x.cod),
            raises.map((x) => x.ctmt),
            raises.map((x) => x.tipo),
            raises.map((x) => x.severidade),
            raises.map((x) => x.valor),
            raises.map((x) => x.limite),
            raises.map((x) => x.unidade),
            raises.map((x) => x.mensagem),
            raises.map((x) => x.at),
          ],
        );
        for (const row of r.rows) eventRows.push({ evento: 'aberto', row });
      }
      if (keeps.length > 0) {
        const r = await client.query<AlertRow & { anterior: Severity }>(
          `UPDATE public.alertas a SET severidade = x.s, valor = x.v, mensagem = x.m,
                  atualizado_em = greatest(a.atualizado_em, x.at)
             FROM (SELECT * FROM unnest($1::bigint[], $2::text[], $3::float8[], $4::text[], $5::timestamptz[])
                   AS y(id, s, v, m, at) ORDER BY id) x,
                  public.alertas prev
            WHERE a.id = x.id AND prev.id = a.id AND a.encerrado_em IS NULL
           RETURNING ${columns('a')}, prev.severidade AS anterior`,
          [
            keeps.map((k) => k.id),
            keeps.map((k) => k.severidade),
            keeps.map((k) => k.valor),
            keeps.map((k) => k.mensagem),
            keeps.map((k) => k.at),
          ],
        );
        for (const row of r.rows) {
          if (row.anterior !== row.severidade) {
            eventRows.push({ evento: row.severidade === 'CRITICO' ? 'agravado' : 'atenuado', row });
          }
        }
      }
      if (clears.length > 0) {
        const r = await client.query<AlertRow>(
          `UPDATE public.alertas a SET encerrado_em = greatest(a.atualizado_em, x.at)
             FROM (SELECT * FROM unnest($1::bigint[], $2::timestamptz[]) AS y(id, at) ORDER BY id) x
            WHERE a.id = x.id AND a.encerrado_em IS NULL
           RETURNING ${columns('a')}`,
          [clears.map((c) => c.id), clears.map((c) => c.at)],
        );
        for (const row of r.rows) eventRows.push({ evento: 'encerrado', row });
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    const touched = new Set([...changed, ...eventRows.map((e) => e.row.cod_transformador)]);
    const active = await this.syncActive([...touched]);
    for (const cod of touched) status.set(cod, statusFromAlerts(active.get(cod) ?? []));
    for (const { evento, row } of eventRows) {
      const alert = toAlert(row);
      events.push({
        tipo: 'alerta',
        evento,
        alerta: alert,
        status: status.get(alert.cod_transformador) ?? 'NORMAL',
      });
    }
    return { status, events };
  }

  /** Rewrites the Redis mirror `alertas:{cod}` of these transformers; returns their active alerts. */
  async syncActive(cods: readonly string[]): Promise<Map<string, Alert[]>> {
    const byCod = new Map<string, Alert[]>(cods.map((c) => [c, []]));
    if (cods.length === 0) return byCod;
    const r = await this.pool.query<AlertRow>(
      `SELECT ${ALERT_COLUMNS} FROM public.alertas
        WHERE encerrado_em IS NULL AND cod_transformador = ANY($1::varchar[]) ORDER BY id`,
      [cods],
    );
    for (const row of r.rows) byCod.get(row.cod_transformador)?.push(toAlert(row));
    await this.bus.setActiveAlerts(
      [...byCod].map(([cod, alerts]) => ({
        cod,
        members: alerts.map((a) => ({ score: Date.parse(a.aberto_em), member: JSON.stringify(a) })),
      })),
    );
    await this.bus.patchLatest(
      [...byCod].map(([cod, alerts]) => ({ cod, fields: { status: statusFromAlerts(alerts) } })),
    );
    return byCod;
  }

  /** Opens OFFLINE alerts for transformers whose last reading is too old (idempotent). */
  async raiseOffline(
    stale: ReadonlyArray<{ cod: string; tsMs: number; ctmt: string | null }>,
    intervalSeconds: number,
    missed: number,
    now: number,
  ): Promise<AlertEvent[]> {
    if (stale.length === 0) return [];
    const raises = stale.map((s) => ({
      ...offlineRaise(new Date(s.tsMs).toISOString(), intervalSeconds, missed),
      ...s,
    }));
    const at = new Date(now).toISOString();
    const r = await this.pool.query<AlertRow>(
      `INSERT INTO public.alertas (cod_transformador, ctmt, tipo, severidade, valor, limite, unidade, mensagem,
         aberto_em, atualizado_em)
       SELECT c, ct, 'OFFLINE', 'ALERTA', NULL, $4, 's', m, $5, $5
         FROM unnest($1::varchar[], $2::text[], $3::text[]) AS x(c, ct, m)
       ORDER BY c
       ON CONFLICT (cod_transformador, tipo) WHERE encerrado_em IS NULL DO NOTHING
       RETURNING ${ALERT_COLUMNS}`,
      [
        raises.map((x) => x.cod),
        raises.map((x) => x.ctmt),
        raises.map((x) => x.mensagem),
        intervalSeconds * missed,
        at,
      ],
    );
    if (r.rows.length === 0) return [];
    const active = await this.syncActive(r.rows.map((row) => row.cod_transformador));
    return r.rows.map((row) => ({
      tipo: 'alerta' as const,
      evento: 'aberto' as const,
      alerta: toAlert(row),
      status: statusFromAlerts(active.get(row.cod_transformador) ?? []),
    }));
  }

  /** Operator acknowledgement; null when there is no such alert. Acknowledging twice keeps the first. */
  async acknowledge(
    id: number,
    operator: string | null,
    now: number,
  ): Promise<{ alert: Alert; event: AlertEvent | null } | null> {
    const r = await this.pool.query<AlertRow & { novo: boolean }>(
      `UPDATE public.alertas SET reconhecido_em = coalesce(reconhecido_em, $2),
              reconhecido_por = CASE WHEN reconhecido_em IS NULL THEN $3 ELSE reconhecido_por END
        WHERE id = $1
       RETURNING ${ALERT_COLUMNS}, (reconhecido_em = $2) AS novo`,
      [id, new Date(now).toISOString(), operator],
    );
    const row = r.rows[0];
    if (!row) return null;
    const alert = toAlert(row);
    if (!row.novo) return { alert, event: null };
    let status: TransformerStatus = 'NORMAL';
    if (alert.encerrado_em === null) {
      const active = await this.syncActive([alert.cod_transformador]);
      status = statusFromAlerts(active.get(alert.cod_transformador) ?? []);
    }
    return { alert, event: { tipo: 'alerta', evento: 'reconhecido', alerta: alert, status } };
  }

  async list(filters: AlertFilters): Promise<Alert[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filters.ativo === true) where.push('encerrado_em IS NULL');
    if (filters.ativo === false) where.push('encerrado_em IS NOT NULL');
    if (filters.severidade) {
      params.push(filters.severidade);
      where.push(`severidade = $${params.length}`);
    }
    if (filters.ctmt) {
      params.push(filters.ctmt);
      where.push(`ctmt = $${params.length}`);
    }
    if (filters.cod_transformador) {
      params.push(filters.cod_transformador);
      where.push(`cod_transformador = $${params.length}`);
    }
    params.push(filters.limite ?? 500);
    const r = await this.pool.query<AlertRow>(
      `SELECT ${ALERT_COLUMNS} FROM public.alertas ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY aberto_em DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    return r.rows.map(toAlert);
  }
}
