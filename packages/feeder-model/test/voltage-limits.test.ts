// PRODIST Módulo 8 adequate ranges as applied to the power-flow buses: the limits in volts (table values written
// here by hand) divided by the bus phase-to-neutral base in volts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adequateRange } from '../src/model/voltage-limits.ts';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

test('LV 380/220 V (three-phase bus, base 380/√3 V): 202–231 V phase-to-neutral', () => {
  const r = adequateRange({ kvBase: 0.38, splitPhase: false });
  const base = 380 / Math.sqrt(3);
  close(r.min, 202 / base);
  close(r.max, 231 / base);
  assert.equal(r.sistema, '380/220 V');
});

test('LV 220/127 V: 117–133 V; split-phase 440/220 V (L1–N base 220 V): 202–231 V', () => {
  const a = adequateRange({ kvBase: 0.22, splitPhase: false });
  close(a.min, 117 / (220 / Math.sqrt(3)));
  close(a.max, 133 / (220 / Math.sqrt(3)));
  const b = adequateRange({ kvBase: 0.44, splitPhase: true });
  close(b.min, 202 / 220);
  close(b.max, 231 / 220);
  assert.equal(b.sistema, '440/220 V');
});

test('MV 13.8 kV: 0.93–1.05 pu; unknown LV system: generic 0.92–1.05 pu', () => {
  assert.deepEqual(
    [
      adequateRange({ kvBase: 13.8, splitPhase: false }).min,
      adequateRange({ kvBase: 13.8, splitPhase: false }).max,
    ],
    [0.93, 1.05],
  );
  const g = adequateRange({ kvBase: 0.6, splitPhase: false });
  assert.deepEqual([g.min, g.max], [0.92, 1.05]);
  assert.match(g.sistema, /genérica/);
});
