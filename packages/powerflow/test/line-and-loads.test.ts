// Hand-checkable single-line cases: closed-form voltage drop for constant Z / P / I, delta and ZIP loads,
// distributed generation, Thévenin source, power balance.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildNetwork, type LoadModel, type NetworkInput, solvePowerFlow } from '../src/index.ts';
import { C } from './helpers/complex.ts';

const KV = 12.47;
const VLN = (KV / Math.sqrt(3)) * 1000; // volts
const R = 0.6; // ohm (whole line)
const X = 1.2;

function singlePhaseFeeder(model: LoadModel, pKw: number, qKvar: number): NetworkInput {
  return {
    buses: [
      { id: 'S', kvBase: KV, phases: 'abc' },
      { id: 'L', kvBase: KV, phases: 'a' },
    ],
    source: { bus: 'S', vPu: 1, angleDeg: 0 },
    lines: [
      {
        id: 'l1',
        fromBus: 'S',
        toBus: 'L',
        phases: 'a',
        lengthKm: 2,
        impedance: {
          kind: 'matrix',
          rOhmPerKm: [
            [R / 2, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
          ],
          xOhmPerKm: [
            [X / 2, 0, 0],
            [0, 0, 0],
            [0, 0, 0],
          ],
        },
        ratedCurrentA: 200,
      },
    ],
    loads: [{ id: 'ld', bus: 'L', phases: ['a'], pKw: [pKw], qKvar: [qKvar], model }],
  };
}

const zLine = new C(R, X);
const vs = new C(VLN, 0);

test('constant-impedance load: V = Vs·Zload/(Zline + Zload)', () => {
  const s = new C(800e3, 300e3); // VA
  const res = solvePowerFlow(buildNetwork(singlePhaseFeeder('Z', 800, 300)));
  assert.ok(res.converged);
  const zLoad = new C(VLN * VLN, 0).div(s.conj());
  const v = vs.mul(zLoad).div(zLine.add(zLoad));
  const got = res.busVoltage('L').a!;
  assert.ok(Math.abs(got.vmPu - v.abs / VLN) < 1e-9, `${got.vmPu} vs ${v.abs / VLN}`);
  assert.ok(Math.abs(got.vaDeg - v.deg) < 1e-7);
});

test('constant-power load: |V| from the closed-form biquadratic, and power balance', () => {
  const p = 900e3;
  const q = 400e3;
  const res = solvePowerFlow(buildNetwork(singlePhaseFeeder('PQ', 900, 400)));
  assert.ok(res.converged);
  // |V|⁴ + (2(RP + XQ) − |Vs|²)|V|² + |Z|²|S|² = 0, higher root.
  const b = 2 * (R * p + X * q) - VLN * VLN;
  const c = (R * R + X * X) * (p * p + q * q);
  const v2 = (-b + Math.sqrt(b * b - 4 * c)) / 2;
  const got = res.busVoltage('L').a!;
  assert.ok(Math.abs(got.vmPu - Math.sqrt(v2) / VLN) < 1e-9);
  const tot = res.totals!;
  const i = Math.sqrt(p * p + q * q) / Math.sqrt(v2);
  assert.ok(Math.abs(tot.lossKw - (i * i * R) / 1000) < 1e-6);
  assert.ok(Math.abs(tot.sourceKw - (tot.loadKw + tot.lossKw + tot.leakKw)) < 1e-6);
  assert.ok(Math.abs(tot.loadKw - 900) < 1e-6);
  const line = res.branches!.find((br) => br.id === 'l1')!;
  assert.ok(Math.abs(line.iFromA[0]! - i) < 1e-6);
  assert.ok(Math.abs(line.loadingPct - (100 * i) / 200) < 1e-6);
  assert.equal(line.iFromA[1], 0);
});

test('constant-current load: fixed magnitude, power-factor angle kept relative to the voltage', () => {
  const s = new C(700e3, 350e3);
  const res = solvePowerFlow(buildNetwork(singlePhaseFeeder('I', 700, 350)));
  assert.ok(res.converged);
  const iMag = s.abs / VLN;
  const phi = s.deg;
  // V = Vs − Z·I with I = iMag∠(θV − φ): solve for θV by fixed point on this scalar equation.
  let v = vs;
  for (let k = 0; k < 200; k++) v = vs.sub(zLine.mul(C.polar(iMag, v.deg - phi)));
  const got = res.busVoltage('L').a!;
  assert.ok(Math.abs(got.vmPu - v.abs / VLN) < 1e-9);
  const line = res.branches!.find((br) => br.id === 'l1')!;
  assert.ok(Math.abs(line.iFromA[0]! - iMag) < 1e-6);
});

test('ZIP load draws P0·(z·v² + i·v + p) at the solved voltage', () => {
  const model = { p: [0.3, 0.3, 0.4], q: [0.5, 0, 0.5] } as const;
  const res = solvePowerFlow(buildNetwork(singlePhaseFeeder(model, 1000, 500)));
  assert.ok(res.converged);
  const v = res.busVoltage('L').a!.vmPu;
  const load = res.loads![0]!;
  assert.ok(Math.abs(load.pKw - 1000 * (0.3 * v * v + 0.3 * v + 0.4)) < 1e-6);
  assert.ok(Math.abs(load.qKvar - 500 * (0.5 * v * v + 0.5)) < 1e-6);
});

test('delta (phase-to-phase) constant-Z load behind a closed switch: I = V_ab / Z', () => {
  const input: NetworkInput = {
    buses: [
      { id: 'S', kvBase: KV },
      { id: 'B', kvBase: KV },
    ],
    source: { bus: 'S', vPu: 1.02, angleDeg: 10 },
    switches: [{ id: 'sw', fromBus: 'S', toBus: 'B', closed: true }],
    loads: [{ id: 'd', bus: 'B', phases: ['ab'], pKw: [500], qKvar: [200], model: 'Z' }],
  };
  const res = solvePowerFlow(buildNetwork(input));
  assert.ok(res.converged);
  const vab = C.polar(1.02 * VLN, 10).sub(C.polar(1.02 * VLN, -110));
  const zLoad = new C(KV * KV * 1e6, 0).div(new C(500e3, -200e3));
  const i = vab.div(zLoad);
  const sw = res.branches![0]!;
  assert.ok(Math.abs(sw.iFromA[0]! - i.abs) < 1e-6);
  assert.ok(Math.abs(sw.iFromA[1]! - i.abs) < 1e-6);
  assert.ok(Math.abs(sw.iFromDeg[0]! - i.deg) < 1e-6);
  assert.ok(sw.iFromA[2]! < 1e-6);
  const expectedKw = (vab.abs / (KV * 1000)) ** 2 * 500;
  assert.ok(Math.abs(res.loads![0]!.pKw - expectedKw) < 1e-6);
});

test('distributed generation (negative PQ) raises the voltage and closes the balance', () => {
  const input = singlePhaseFeeder('PQ', 300, 100);
  const withGen: NetworkInput = {
    ...input,
    generators: [{ id: 'pv', bus: 'L', phases: ['a'], pKw: [800], qKvar: [0] }],
  };
  const base = solvePowerFlow(buildNetwork(input));
  const res = solvePowerFlow(buildNetwork(withGen));
  assert.ok(res.converged);
  assert.ok(res.busVoltage('L').a!.vmPu > 1);
  assert.ok(res.busVoltage('L').a!.vmPu > base.busVoltage('L').a!.vmPu);
  const tot = res.totals!;
  assert.ok(Math.abs(tot.generationKw - 800) < 1e-6);
  assert.ok(tot.sourceKw < 0, 'reverse flow to the source');
  assert.ok(Math.abs(tot.sourceKw - (tot.loadKw - tot.generationKw + tot.lossKw + tot.leakKw)) < 1e-6);
});

test('balanced three-phase line from sequence data with a Thévenin source: per-phase closed form', () => {
  const z1 = new C(0.3, 0.6); // ohm/km
  const zs1 = new C(0.05, 0.9); // source, ohm
  const input: NetworkInput = {
    buses: [
      { id: 'S', kvBase: KV },
      { id: 'L', kvBase: KV },
    ],
    source: { bus: 'S', vPu: 1, angleDeg: 0, impedanceOhm: { r1: zs1.re, x1: zs1.im, r0: 0.2, x0: 2.5 } },
    lines: [
      {
        id: 'l',
        fromBus: 'S',
        toBus: 'L',
        phases: 'abc',
        lengthKm: 3,
        impedance: { kind: 'sequence', r1: z1.re, x1: z1.im, r0: 0.9, x0: 1.8 },
      },
    ],
    loads: [
      {
        id: 'z',
        bus: 'L',
        phases: ['a', 'b', 'c'],
        pKw: [400, 400, 400],
        qKvar: [150, 150, 150],
        model: 'Z',
      },
    ],
  };
  const zLoad = new C(VLN * VLN, 0).div(new C(400e3, -150e3));
  const v = vs.mul(zLoad).div(zs1.add(z1.scale(3)).add(zLoad));
  for (const mode of ['unbalanced', 'balanced'] as const) {
    const res = solvePowerFlow(buildNetwork(input, { mode }));
    assert.ok(res.converged);
    const got = res.busVoltage('L');
    for (const [ph, shift] of [
      ['a', 0],
      ['b', -120],
      ['c', 120],
    ] as const) {
      assert.ok(Math.abs(got[ph]!.vmPu - v.abs / VLN) < 1e-9, `${mode} ${ph}`);
      const d = (((got[ph]!.vaDeg - v.deg - shift + 540) % 360) + 360) % 360;
      assert.ok(Math.abs(d - 180) < 1e-7, `${mode} ${ph} angle`);
    }
  }
});
