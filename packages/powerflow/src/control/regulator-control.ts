// Automatic tap control of step-voltage regulators (line-drop compensation, band, cascades).
// Relay voltage (120 V base):  V_relay = V_out/PT − (R' + jX')·I_line/CT_primary   (Kersting ch. 7).
// Outside vreg ± band/2 a unit moves toward vreg by round((vreg − |V_relay|)/(step·120 V)) steps.
// Cascades: in each control round only regulators with no upstream regulator that moved in the same
// round may move (upstream acts first, as with time-delayed real controllers).

import { invertRealPattern } from '../compile/build.ts';
import type { Network, RegulatorRecord } from '../compile/network.ts';
import {
  DEFAULT_REGULATOR_MAX_STEPS,
  DEFAULT_REGULATOR_STEP,
  regulatorMatrix,
} from '../elements/regulator.ts';
import type { EdgeCurrents } from '../solve/currents.ts';

/** Replaces the taps of a regulator and marks the factorisation stale. */
export function setRegulatorTaps(net: Network, id: string, taps: readonly number[]): void {
  const reg = net.regulators.find((r) => r.id === id);
  if (!reg) throw new Error(`regulador desconhecido: ${id}`);
  const max = reg.input.maxSteps ?? DEFAULT_REGULATOR_MAX_STEPS;
  reg.taps = reg.units.map((_, u) => {
    const t = reg.input.ganged ? (taps[0] ?? 0) : (taps[u] ?? taps[0] ?? 0);
    return Math.max(-max, Math.min(max, Math.round(t)));
  });
  refreshRegulator(net, reg);
}

function refreshRegulator(net: Network, reg: RegulatorRecord): void {
  const m = net.m;
  const b = net.branches[reg.branch]!;
  const e = new Float64Array(m * m);
  regulatorMatrix(reg.input, reg.units, reg.taps, m, e);
  const oriented = b.reversed ? invertRealPattern(e, m) : e;
  b.primitive = { kind: 'ideal', e: oriented };
  if (b.childBus >= 0) net.edgeE.set(oriented, b.childBus * m * m);
  net.invalidateFactorization();
}

/** Relay voltage magnitude (V on the PT secondary) seen by unit u of a regulator. */
export function relayVoltage(net: Network, reg: RegulatorRecord, u: number, cur: EdgeCurrents): number {
  const ctrl = reg.input.control;
  const b = net.branches[reg.branch]!;
  if (!ctrl || b.childBus < 0) return 0;
  const m = net.m;
  const k = b.childBus;
  const unit = m === 1 ? { phase: 0, reference: -1 } : reg.units[u]!;
  const vb = net.vBaseKv[k]! * 1000;
  let vr = net.vRe[k * m + unit.phase]!;
  let vi = net.vIm[k * m + unit.phase]!;
  if (unit.reference >= 0) {
    vr -= net.vRe[k * m + unit.reference]!;
    vi -= net.vIm[k * m + unit.reference]!;
  }
  vr *= vb / ctrl.ptRatio;
  vi *= vb / ctrl.ptRatio;
  const ib = net.sBaseKva / net.vBaseKv[k]!;
  const ir = (cur.delivered[2 * m * k + 2 * unit.phase]! * ib) / ctrl.ctPrimaryA;
  const ii = (cur.delivered[2 * m * k + 2 * unit.phase + 1]! * ib) / ctrl.ctPrimaryA;
  const r = ctrl.rV[u] ?? ctrl.rV[0] ?? 0;
  const x = ctrl.xV[u] ?? ctrl.xV[0] ?? 0;
  return Math.hypot(vr - (r * ir - x * ii), vi - (r * ii + x * ir));
}

/** Last tap move of each unit (by regulator record), to damp reversals. */
const lastMoves = new WeakMap<object, number[]>();

/** One control round. Returns the number of units whose tap moved. A unit whose move would reverse its
 * previous one moves a single step: the multi-step estimate assumes 0.75 V per step on the relay, but in a
 * closed-delta bank a step moves the line-to-line voltage by ≈ 1.5× that, so a jump can overshoot the band
 * and hunt (real controllers step one at a time with time delays). */
export function regulatorControlRound(net: Network, cur: EdgeCurrents): number {
  const moved = new Set<number>(); // child buses of regulators that moved this round
  const regs = [...net.regulators].sort(
    (a, b) => net.depth[net.branches[a.branch]!.childBus]! - net.depth[net.branches[b.branch]!.childBus]!,
  );
  let changes = 0;
  for (const reg of regs) {
    const ctrl = reg.input.control;
    const b = net.branches[reg.branch]!;
    if (!ctrl || b.childBus < 0) continue;
    // Skip when an upstream regulator moved in this round.
    let up = net.parent[b.childBus]!;
    let blocked = false;
    while (up >= 0) {
      if (moved.has(up)) {
        blocked = true;
        break;
      }
      up = net.parent[up]!;
    }
    if (blocked) continue;
    const step = reg.input.stepPu ?? DEFAULT_REGULATOR_STEP;
    const max = reg.input.maxSteps ?? DEFAULT_REGULATOR_MAX_STEPS;
    const voltsPerStep = step * 120;
    const nControl = reg.input.ganged || net.m === 1 ? 1 : reg.units.length;
    const newTaps = [...reg.taps];
    let regChanged = false;
    for (let u = 0; u < nControl; u++) {
      const v = relayVoltage(net, reg, u, cur);
      const err = ctrl.vregV - v;
      if (Math.abs(err) <= ctrl.bandwidthV / 2) continue;
      let delta = Math.round(err / voltsPerStep) || Math.sign(err);
      let last = lastMoves.get(reg);
      if (!last) {
        last = new Array(reg.units.length).fill(0);
        lastMoves.set(reg, last);
      }
      if ((last[u] ?? 0) * delta < 0) delta = Math.sign(delta);
      const target = Math.max(-max, Math.min(max, (reg.taps[u] ?? 0) + delta));
      if (target === reg.taps[u]) continue;
      last[u] = target - (reg.taps[u] ?? 0);
      if (reg.input.ganged || net.m === 1) newTaps.fill(target);
      else newTaps[u] = target;
      regChanged = true;
      changes++;
    }
    if (regChanged) {
      reg.taps = newTaps;
      refreshRegulator(net, reg);
      moved.add(b.childBus);
    }
  }
  return changes;
}
