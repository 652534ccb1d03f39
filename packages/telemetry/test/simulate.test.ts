// Simulator model (pure): consumer energy shaped by the load curves integrates back to the monthly
// energy, currents agree with the apparent power, phases are imbalanced a little, faults are injected.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { imbalancePct } from '../src/rules/anomalies.ts';
import {
  consumersKw,
  dayType,
  Fleet,
  localParts,
  ShapeBook,
  type SimTransformer,
} from '../src/simulate/model.ts';

const curve = Array.from({ length: 96 }, (_, q) => 1 + Math.sin((q / 96) * 2 * Math.PI));
const shapes = new ShapeBook(new Map([['RES_1', { DU: curve, SA: curve, DO: curve }]]));
const consumers = [{ tipCc: 'RES_1', energy: Array.from({ length: 12 }, (_, m) => 150 + m * 10) }];
const trafo: SimTransformer = { cod: 'T1', potNomKva: 45, tenPriKv: 13.8, fases: 3, consumers };
const june = Date.parse('2025-06-02T03:00:00Z'); // 00:00 local, a Monday

describe('simulador', () => {
  test('a energia diária é a mensal / dias do mês, distribuída pela curva', () => {
    let kwh = 0;
    for (let q = 0; q < 96; q++) kwh += consumersKw(consumers, shapes, june + q * 900_000) * 0.25;
    const expected = (150 + 5 * 10) / 30;
    assert.ok(Math.abs(kwh - expected) < 1e-9, `${kwh} vs ${expected}`);
    assert.equal(dayType(localParts(june).weekday), 'DU');
  });

  test('leituras coerentes: corrente ≈ S / (√3·V), desequilíbrio pequeno, temperatura plausível', () => {
    const fleet = new Fleet([trafo], shapes, { seed: 1, faultRate: 0, intervalSeconds: 300 });
    for (let k = 0; k < 288; k++) {
      const [r] = fleet.step(june + k * 300_000);
      assert.ok(r);
      const p = r.payload as Record<
        | 'potencia_ativa'
        | 'potencia_reativa'
        | 'corrente_a'
        | 'corrente_b'
        | 'corrente_c'
        | 'tensao_primario'
        | 'tensao_secundario'
        | 'temperatura',
        number
      >;
      const s = Math.hypot(p.potencia_ativa, p.potencia_reativa);
      const mean = (p.corrente_a + p.corrente_b + p.corrente_c) / 3;
      const expected = (s * 1000) / 3 / (p.tensao_secundario / Math.sqrt(3));
      assert.ok(Math.abs(mean - expected) < 0.02 * expected + 0.1, `${mean} vs ${expected}`); // P, Q, I rounded
      assert.ok(p.potencia_reativa >= 0 && p.potencia_reativa <= p.potencia_ativa);
      assert.ok(p.temperatura > 10 && p.temperatura < 80, `${p.temperatura}`);
      assert.ok(Math.abs(p.tensao_primario / 13.8 - 1) < 0.06);
    }
  });

  test('desequilíbrio da frota: a maioria abaixo da regra de 10 %, alguns acima', () => {
    const many = Array.from({ length: 400 }, (_, i) => ({ ...trafo, cod: `T${i}` }));
    const fleet = new Fleet(many, shapes, { seed: 3, faultRate: 0, intervalSeconds: 300 });
    const over = fleet.step(june + 19 * 3_600_000).filter((r) => {
      const p = r.payload as Record<'corrente_a' | 'corrente_b' | 'corrente_c', number>;
      return (imbalancePct(p.corrente_a, p.corrente_b, p.corrente_c) ?? 0) > 10;
    }).length;
    assert.ok(over > 0 && over < 40, `${over} de 400 acima de 10 %`);
  });

  test('falhas injetadas: sobrecarga, sobreaquecimento, subtensão e perda de comunicação', () => {
    const many = Array.from({ length: 400 }, (_, i) => ({ ...trafo, cod: `T${i}` }));
    const fleet = new Fleet(many, shapes, { seed: 2, faultRate: 0.2, intervalSeconds: 300 });
    let published = 0;
    for (let k = 0; k < 5; k++) published += fleet.step(june + k * 300_000).length;
    for (const n of Object.values(fleet.faultsStarted)) assert.ok(n > 0);
    assert.ok(published < many.length * 5, 'transformadores sem comunicação não publicam');
  });
});
