// Transformer connections on hand-checkable cases: Dyn phase displacement and impedance, single-phase
// MRT (phase-to-ground with single-wire earth-return line), centre-tapped split-phase, delta–delta,
// ungrounded wye, no-load losses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  buildNetwork,
  type NetworkInput,
  solvePowerFlow,
  type ThreePhaseTransformerInput,
  type TransformerInput,
} from '../src/index.ts';
import { C } from './helpers/complex.ts';

function twoBus(
  t: TransformerInput,
  lowKv: number,
  extra: Partial<NetworkInput> = {},
  splitPhase = false,
): NetworkInput {
  return {
    buses: [
      { id: 'H', kvBase: 13.8 },
      { id: 'X', kvBase: lowKv, splitPhase },
    ],
    source: { bus: 'H', vPu: 1, angleDeg: 0 },
    transformers: [t],
    ...extra,
  };
}

const dyn = (shift: 'lag' | 'lead'): ThreePhaseTransformerInput => ({
  id: 'T',
  kind: 'three-phase',
  fromBus: 'H',
  toBus: 'X',
  kva: 300,
  kvHigh: 13.8,
  kvLow: 0.38,
  connHigh: 'delta',
  connLow: 'wye-grounded',
  rPct: 1.5,
  xPct: 4,
  phaseShift: shift,
});

test('Dyn no load: low side at 1 pu, lagging 30° (ANSI/ABNT Dyn1) or leading 30°', () => {
  for (const [shift, expected] of [
    ['lag', -30],
    ['lead', 30],
  ] as const) {
    const res = solvePowerFlow(buildNetwork(twoBus(dyn(shift), 0.38)));
    assert.ok(res.converged);
    const v = res.busVoltage('X');
    assert.ok(Math.abs(v.a!.vmPu - 1) < 1e-6);
    assert.ok(Math.abs(v.a!.vaDeg - expected) < 1e-6, `${shift}: ${v.a!.vaDeg}`);
    assert.ok(Math.abs(v.b!.vaDeg - (expected - 120)) < 1e-6);
  }
});

test('Dyn with balanced constant-Z load: per-phase closed form with Z_T = z%·kV²/MVA', () => {
  const vln = (380 / Math.sqrt(3)) as number;
  const zT = new C(0.015, 0.04).scale((0.38 * 0.38) / 0.3); // ohm referred to the low side
  const zLoad = new C(vln * vln, 0).div(new C(80e3, -30e3));
  const res = solvePowerFlow(
    buildNetwork(
      twoBus(dyn('lag'), 0.38, {
        loads: [
          { id: 'L', bus: 'X', phases: ['a', 'b', 'c'], pKw: [80, 80, 80], qKvar: [30, 30, 30], model: 'Z' },
        ],
      }),
    ),
  );
  const v = C.polar(vln, -30).mul(zLoad).div(zT.add(zLoad));
  const got = res.busVoltage('X');
  for (const ph of ['a', 'b', 'c']) assert.ok(Math.abs(got[ph]!.vmPu - v.abs / vln) < 1e-8);
  assert.ok(Math.abs(got.a!.vaDeg - v.deg) < 1e-6);
  // Delta primary: no zero sequence, line currents = √3 × winding current for a balanced load.
  const tr = res.branches![0]!;
  const iLow = v.div(zLoad).abs;
  assert.ok(Math.abs(tr.iToA[0]! - iLow) < 1e-7 * iLow);
  assert.ok(Math.abs(tr.iFromA[0]! - (iLow * 0.38) / 13.8) < 1e-7 * iLow);
  const iRatedLow = 300e3 / (Math.sqrt(3) * 380);
  assert.ok(Math.abs(tr.loadingPct - (100 * iLow) / iRatedLow) < 1e-5);
  assert.ok(Math.abs(tr.lossKw - (3 * iLow * iLow * zT.re) / 1000) < 1e-6);
});

test('MRT: single-wire earth-return line + phase-to-ground unit, closed form and balance', () => {
  const z1 = new C(0.5, 0.4);
  const z0 = new C(0.8, 1.6);
  const zSelf = z1
    .scale(2)
    .add(z0)
    .scale(1 / 3)
    .scale(5); // 5 km, earth return
  const t: TransformerInput = {
    id: 'T',
    kind: 'single-phase',
    fromBus: 'M',
    toBus: 'X',
    kva: 15,
    kvHigh: 7.967,
    kvLow: 0.22,
    highTerminals: 'a',
    lowTerminals: 'a',
    rPct: 2,
    xPct: 3,
    noLoadLossKw: 0.06,
  };
  const input: NetworkInput = {
    buses: [
      { id: 'S', kvBase: 13.8 },
      { id: 'M', kvBase: 13.8, phases: 'a' },
      { id: 'X', kvBase: 0.22 * Math.sqrt(3), phases: 'a' },
    ],
    source: { bus: 'S', vPu: 1, angleDeg: 0 },
    lines: [
      {
        id: 'mrt',
        fromBus: 'S',
        toBus: 'M',
        phases: 'a',
        lengthKm: 5,
        impedance: { kind: 'sequence', r1: z1.re, x1: z1.im, r0: z0.re, x0: z0.im },
      },
    ],
    transformers: [t],
    loads: [{ id: 'L', bus: 'X', phases: ['a'], pKw: [10], qKvar: [4], model: 'Z' }],
  };
  const res = solvePowerFlow(buildNetwork(input));
  assert.ok(res.converged);
  // Refer everything to the 220 V side: n = 7967/220; magnetising branch at the star point (half impedances).
  const n = 7967 / 220;
  const vsLow = new C(13.8e3 / Math.sqrt(3) / n, 0);
  const zBase = (220 * 220) / 15e3;
  const zHalf = new C(0.01, 0.015).scale(zBase);
  const zLine = zSelf.scale(1 / (n * n));
  const yM = new C(60 / (220 * 220), 0);
  const zLoad = new C(220 * 220, 0).div(new C(10e3, -4e3));
  // Source → (zLine + zHalf) → star (yM to ground) → zHalf → load.
  const zDown = zHalf.add(zLoad);
  const yStar = yM.add(new C(1, 0).div(zDown));
  const zStar = new C(1, 0).div(yStar);
  const eStar = vsLow.mul(zStar).div(zLine.add(zHalf).add(zStar));
  const v = eStar.mul(zLoad).div(zDown);
  const got = res.busVoltage('X').a!;
  const vBase = 220;
  assert.ok(Math.abs(got.vmPu - v.abs / vBase) < 1e-7, `${got.vmPu} vs ${v.abs / vBase}`);
  const tot = res.totals!;
  assert.ok(Math.abs(tot.sourceKw - (tot.loadKw + tot.lossKw + tot.leakKw)) < 1e-6);
  const tr = res.branches!.find((b) => b.id === 'T')!;
  assert.ok(tr.lossKw > 0.059, 'core loss is part of the transformer loss');
});

test('centre-tapped unit: L1/L2 in opposition; 240 V load sees Z = (R + jX)·kV²/MVA', () => {
  const t: TransformerInput = {
    id: 'T',
    kind: 'center-tap',
    fromBus: 'H',
    toBus: 'X',
    kva: 25,
    kvHigh: 7.967,
    kvLow: 0.24,
    highTerminals: 'a',
    rPct: 1.2,
    xPct: 2.4,
  };
  const noLoad = solvePowerFlow(buildNetwork(twoBus(t, 0.24, {}, true)));
  const v0 = noLoad.busVoltage('X');
  const ratio = 13.8 / Math.sqrt(3) / 7.967;
  assert.ok(Math.abs(v0.a!.vmPu - ratio) < 1e-7);
  assert.ok(Math.abs(v0.b!.vmPu - ratio) < 1e-7);
  assert.ok(Math.abs(Math.abs(v0.a!.vaDeg - v0.b!.vaDeg) - 180) < 1e-6);
  const res = solvePowerFlow(
    buildNetwork(
      twoBus(
        t,
        0.24,
        { loads: [{ id: 'L', bus: 'X', phases: ['ab'], pKw: [15], qKvar: [5], model: 'Z' }] },
        true,
      ),
    ),
  );
  const zEq = new C(0.012, 0.024).scale((0.24 * 0.24) / 0.025);
  const zLoad = new C(240 * 240, 0).div(new C(15e3, -5e3));
  const vOpen = 240 * ratio;
  const vLL = new C(vOpen, 0).mul(zLoad).div(zEq.add(zLoad)).abs;
  const got = res.busVoltage('X');
  const a = C.polar(got.a!.vmPu * 120, got.a!.vaDeg);
  const b = C.polar(got.b!.vmPu * 120, got.b!.vaDeg);
  assert.ok(Math.abs(a.sub(b).abs - vLL) < 1e-6, `${a.sub(b).abs} vs ${vLL}`);
  // 120 V load on L1 only: L1 drops more than L2.
  const half = solvePowerFlow(
    buildNetwork(
      twoBus(t, 0.24, { loads: [{ id: 'L', bus: 'X', phases: ['a'], pKw: [8], qKvar: [2] }] }, true),
    ),
  );
  assert.ok(half.busVoltage('X').a!.vmPu < half.busVoltage('X').b!.vmPu);
  const tot = half.totals!;
  assert.ok(Math.abs(tot.sourceKw - (tot.loadKw + tot.lossKw + tot.leakKw)) < 1e-6);
});

test('delta–delta and ungrounded wye–wye: ratio at no load, balance under unbalanced load', () => {
  for (const [hi, lo] of [
    ['delta', 'delta'],
    ['wye', 'wye'],
    ['wye-grounded', 'delta'],
  ] as const) {
    const t: TransformerInput = { ...dyn('lag'), connHigh: hi, connLow: lo };
    const res = solvePowerFlow(buildNetwork(twoBus(t, 0.38)));
    assert.ok(res.converged);
    const v = res.busVoltage('X');
    const ab = C.polar(v.a!.vmPu, v.a!.vaDeg).sub(C.polar(v.b!.vmPu, v.b!.vaDeg));
    assert.ok(Math.abs(ab.abs - Math.sqrt(3)) < 1e-6, `${hi}-${lo}: |Vab| = ${ab.abs}`);
    const loaded = solvePowerFlow(
      buildNetwork(
        twoBus(t, 0.38, {
          loads: [{ id: 'L', bus: 'X', phases: ['ab', 'bc'], pKw: [60, 20], qKvar: [20, 5] }],
        }),
      ),
    );
    assert.ok(loaded.converged);
    const tot = loaded.totals!;
    assert.ok(Math.abs(tot.sourceKw - (tot.loadKw + tot.lossKw + tot.leakKw)) < 1e-6, `${hi}-${lo}`);
    assert.ok(Math.abs(tot.loadKw - 80) < 1e-6);
  }
});

test('open-delta bank of two single-phase units in parallel: equals the sum of both primitives', () => {
  const unit = (id: string, hi: string, lo: string): TransformerInput => ({
    id,
    kind: 'single-phase',
    fromBus: 'H',
    toBus: 'X',
    kva: 50,
    kvHigh: 13.8,
    kvLow: 0.38,
    highTerminals: hi,
    lowTerminals: lo,
    rPct: 1.5,
    xPct: 3,
  });
  const input: NetworkInput = {
    buses: [
      { id: 'H', kvBase: 13.8 },
      { id: 'X', kvBase: 0.38 },
    ],
    source: { bus: 'H', vPu: 1, angleDeg: 0 },
    transformers: [unit('T1', 'ab', 'ab'), unit('T2', 'cb', 'cb')],
    loads: [
      { id: 'L', bus: 'X', phases: ['ab', 'bc', 'ca'], pKw: [20, 20, 20], qKvar: [5, 5, 5], model: 'Z' },
    ],
  };
  const res = solvePowerFlow(buildNetwork(input));
  assert.ok(res.converged);
  const v = res.busVoltage('X');
  const ab = C.polar(v.a!.vmPu, v.a!.vaDeg).sub(C.polar(v.b!.vmPu, v.b!.vaDeg));
  const bc = C.polar(v.b!.vmPu, v.b!.vaDeg).sub(C.polar(v.c!.vmPu, v.c!.vaDeg));
  const ca = C.polar(v.c!.vmPu, v.c!.vaDeg).sub(C.polar(v.a!.vmPu, v.a!.vaDeg));
  // A closed set of line-to-line voltages, each a little below √3 under load.
  assert.ok(ab.add(bc).add(ca).abs < 1e-9);
  for (const x of [ab, bc, ca]) assert.ok(x.abs > 1.6 && x.abs < Math.sqrt(3));
  const tot = res.totals!;
  assert.ok(Math.abs(tot.sourceKw - (tot.loadKw + tot.lossKw + tot.leakKw)) < 1e-6);
  // Each unit reports its own currents; together they carry the load.
  const t1 = res.branches!.find((b) => b.id === 'T1')!;
  const t2 = res.branches!.find((b) => b.id === 'T2')!;
  assert.ok(t1.energized && t2.energized);
  assert.ok(Math.abs(t1.lossKw + t2.lossKw - tot.lossKw) < 1e-9);
});
