// Phase-letter parsing shared by the element builders.

export const PHASE_LETTERS = ['a', 'b', 'c'] as const;

/** Index 0..2 of a phase letter (case-insensitive); throws on anything else. */
export function phaseIndex(letter: string, context: string): number {
  const i = 'abc'.indexOf(letter.toLowerCase());
  if (i < 0 || letter.length !== 1) throw new Error(`${context}: fase inválida '${letter}'`);
  return i;
}

/** Indices of the phases in a string such as 'abc', 'ac', 'b' (ignores 'n'). */
export function parsePhases(phases: string, context: string): number[] {
  const out: number[] = [];
  for (const ch of phases.toLowerCase()) {
    if (ch === 'n') continue;
    const i = phaseIndex(ch, context);
    if (!out.includes(i)) out.push(i);
  }
  if (out.length === 0) throw new Error(`${context}: nenhuma fase em '${phases}'`);
  return out;
}

/** Bit mask of phases (bit 0 = a). */
export function phaseMask(indices: readonly number[]): number {
  let mask = 0;
  for (const i of indices) mask |= 1 << i;
  return mask;
}

/** A terminal 'a' → [0, -1] (phase to ground); 'ab' → [0, 1] (phase to phase). */
export function parseTerminal(terminal: string, context: string): [number, number] {
  const t = terminal.toLowerCase().replace('n', '');
  if (t.length === 1) return [phaseIndex(t, context), -1];
  if (t.length === 2) {
    const p = phaseIndex(t[0]!, context);
    const q = phaseIndex(t[1]!, context);
    if (p === q) throw new Error(`${context}: terminal '${terminal}' repete a fase`);
    return [p, q];
  }
  throw new Error(`${context}: terminal inválido '${terminal}'`);
}
