// Pure logic: validation, rules (guards included), hysteresis and the alert lifecycle.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeMqtt, validateReading } from '../src/ingest/validate.ts';
import type { Rating, Reading } from '../src/model.ts';
import {
  DEFAULT_THRESHOLDS,
  evaluate,
  imbalancePct,
  loadingPct,
  nextSeverity,
} from '../src/rules/anomalies.ts';
import { decide, statusFromAlerts } from '../src/rules/lifecycle.ts';
import { reading } from './helpers.ts';

const now = Date.parse('2025-06-01T12:00:00Z');
const opts = { now, futureToleranceSeconds: 300, retentionDays: 90 };
const rating: Rating = {
  cod_id: 'T1',
  potNomKva: 75,
  tenPriKv: 13.8,
  ctmt: 'AL1',
  fases: 3,
  lon: -51,
  lat: -28,
};

function valid(overrides: Record<string, unknown> = {}): Reading {
  const v = validateReading(reading(overrides, new Date(now - 60_000)), 'T1', opts);
  assert.ok(v.ok);
  return v.reading;
}

describe('validação', () => {
  test('aceita offset ±hh:mm, ±hhmm e Z; normaliza para UTC', () => {
    for (const ts of ['2025-06-01T08:59:00-03:00', '2025-06-01T08:59:00-0300', '2025-06-01T11:59:00Z']) {
      const v = validateReading(reading({ timestamp: ts }), 'T1', opts);
      assert.ok(v.ok, ts);
      assert.equal(v.reading.timestamp, '2025-06-01T11:59:00.000Z');
    }
  });
  test('rejeita com motivo', () => {
    const cases: Array<[unknown, string]> = [
      [reading({ timestamp: '2025-06-01T08:59:00' }), 'timestamp_sem_fuso'],
      [reading({ timestamp: '2025-06-02T12:00:00Z' }), 'timestamp_futuro'],
      [reading({ timestamp: '2024-01-01T12:00:00Z' }), 'timestamp_antigo'],
      [reading({ tensao_primario: -1 }), 'fora_da_faixa'],
      [reading({ corrente_b: null }), 'tipo_invalido'],
      [[reading()], 'tipo_invalido'],
      [{ ...reading(), cod_transformador: 'OUTRO' }, 'cod_divergente'],
    ];
    for (const [value, motivo] of cases) {
      const v = validateReading(value, 'T1', opts);
      assert.ok(!v.ok);
      assert.equal(v.rejection.motivo, motivo, JSON.stringify(value));
    }
    const bad = decodeMqtt('telemetria/T1', Buffer.from('{"a":NaN}'), 'telemetria', opts);
    assert.ok(!bad.ok && bad.rejection.motivo === 'json_invalido');
    const topic = decodeMqtt(`telemetria/${'x'.repeat(41)}`, Buffer.from('{}'), 'telemetria', opts);
    assert.ok(!topic.ok && topic.rejection.motivo === 'topico_invalido');
  });
});

describe('regras', () => {
  test('carregamento pela potência aparente, protegido contra placa ausente', () => {
    assert.equal(loadingPct(60, 45, 75), 100);
    assert.equal(loadingPct(60, 45, null), null);
    assert.equal(loadingPct(60, 45, 0), null);
  });
  test('desequilíbrio protegido contra correntes nulas', () => {
    assert.equal(imbalancePct(0, 0, 0), null);
    assert.equal(imbalancePct(110, 100, 90), 10);
  });
  test('desequilíbrio só com corrente média a partir do mínimo (em vazio não há alerta)', () => {
    const tipos = (a: number, b: number, c: number) =>
      evaluate({ ...valid(), corrente_a: a, corrente_b: b, corrente_c: c }, rating, DEFAULT_THRESHOLDS)
        .filter((e) => e.tipo === 'DESEQUILIBRIO_FASES')
        .map((e) => e.valor);
    // 0,05 / 0,04 / 0,03 A: 25 % pela fórmula, mas Ī = 0,04 A < 2 A
    assert.deepEqual(tipos(0.05, 0.04, 0.03), []);
    // Ī = 2 A exatamente: avaliado (2,5 / 2 / 1,5 A → 25 %)
    assert.deepEqual(tipos(2.5, 2, 1.5), [25]);
  });
  test('sem placa: só as regras que não precisam dela', () => {
    const tipos = evaluate(valid(), undefined, DEFAULT_THRESHOLDS).map((e) => e.tipo);
    assert.deepEqual(tipos, ['TEMPERATURA_ALTA', 'DESEQUILIBRIO_FASES']);
    const mono = evaluate(valid(), { ...rating, fases: 1 }, DEFAULT_THRESHOLDS).map((e) => e.tipo);
    assert.deepEqual(mono, ['SOBRECARGA', 'TEMPERATURA_ALTA', 'SUBTENSAO']);
  });
  test('limiares e histerese', () => {
    const levels = { alert: 100, critical: 120, hysteresis: 5 };
    assert.equal(nextSeverity(100, levels, null), null);
    assert.equal(nextSeverity(100.1, levels, null), 'ALERTA');
    assert.equal(nextSeverity(121, levels, null), 'CRITICO');
    assert.equal(nextSeverity(116, levels, 'CRITICO'), 'CRITICO');
    assert.equal(nextSeverity(114, levels, 'CRITICO'), 'ALERTA');
    assert.equal(nextSeverity(96, levels, 'ALERTA'), 'ALERTA');
    assert.equal(nextSeverity(95, levels, 'ALERTA'), null);
  });
  test('subtensão abaixo de 0,9 pu', () => {
    const ev = evaluate(valid({ tensao_primario: 12.3 }), rating, DEFAULT_THRESHOLDS).find(
      (e) => e.tipo === 'SUBTENSAO',
    );
    assert.ok(ev);
    assert.equal(nextSeverity(ev.metric, ev.levels, null), 'ALERTA');
    const ok = evaluate(valid({ tensao_primario: 12.5 }), rating, DEFAULT_THRESHOLDS).find(
      (e) => e.tipo === 'SUBTENSAO',
    );
    assert.ok(ok);
    assert.equal(nextSeverity(ok.metric, ok.levels, null), null);
  });
});

describe('ciclo de vida', () => {
  test('abre, mantém em silêncio, agrava, encerra; leitura encerra OFFLINE', () => {
    const hot = evaluate(valid({ temperatura: 85 }), rating, DEFAULT_THRESHOLDS);
    const d1 = decide([], hot);
    assert.deepEqual(
      d1.raise.map((r) => [r.tipo, r.severidade]),
      [['TEMPERATURA_ALTA', 'ALERTA']],
    );
    const open = [{ id: 1, tipo: 'TEMPERATURA_ALTA' as const, severidade: 'ALERTA' as const }];
    const d2 = decide(open, evaluate(valid({ temperatura: 86 }), rating, DEFAULT_THRESHOLDS));
    assert.equal(d2.keep[0]?.change, null);
    const d3 = decide(open, evaluate(valid({ temperatura: 96 }), rating, DEFAULT_THRESHOLDS));
    assert.equal(d3.keep[0]?.change, 'agravado');
    const d4 = decide(open, evaluate(valid({ temperatura: 76 }), rating, DEFAULT_THRESHOLDS));
    assert.deepEqual(
      d4.clear.map((c) => c.id),
      [1],
    );
    const offline = [{ id: 2, tipo: 'OFFLINE' as const, severidade: 'ALERTA' as const }];
    assert.deepEqual(
      decide(offline, []).clear.map((c) => c.id),
      [2],
    );
    assert.equal(statusFromAlerts([...offline, { tipo: 'SOBRECARGA', severidade: 'CRITICO' }]), 'OFFLINE');
    assert.equal(statusFromAlerts([{ tipo: 'SOBRECARGA', severidade: 'CRITICO' }]), 'CRITICO');
    assert.equal(statusFromAlerts([]), 'NORMAL');
  });
});
