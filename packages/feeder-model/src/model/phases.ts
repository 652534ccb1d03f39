// Phase letters of BDGD FAS_CON codes (TFASCON: 'ABCN', 'AN', 'BX'…) and their mapping onto the power-flow
// slots a, b, c. On a split-phase (centre-tapped) secondary the two BDGD phases of the unit's secondary
// become the slots a (L1) and b (L2).

export type PhaseMap = Readonly<Record<string, string>>;

export const IDENTITY: PhaseMap = { A: 'a', B: 'b', C: 'c' };

const lettersOfCode = new Map<string, readonly string[]>();
const NO_LETTERS: readonly string[] = [];

/** Phase letters (upper case A/B/C, in order) of a FAS_CON code, ignoring N and X (memoised: a BDGD has a
 * handful of distinct codes and millions of rows). */
export function phaseLetters(code: string | null | undefined): readonly string[] {
  if (!code) return NO_LETTERS;
  let letters = lettersOfCode.get(code);
  if (!letters) {
    letters = [...new Set([...code.toUpperCase()].filter((c) => c === 'A' || c === 'B' || c === 'C'))].sort();
    lettersOfCode.set(code, letters);
  }
  return letters;
}

/** True when the code carries a neutral/centre conductor (N or X). */
export function hasNeutral(code: string | null | undefined): boolean {
  return !!code && /[NX]/i.test(code);
}

const slotsCache = new WeakMap<PhaseMap, Map<string, string>>();

/** Slots (subset of `available`, in a-b-c order) for the letters of `code` through `map` (memoised per map). */
export function slotsOf(code: string | null | undefined, map: PhaseMap, available: string): string {
  let byKey = slotsCache.get(map);
  if (!byKey) {
    byKey = new Map();
    slotsCache.set(map, byKey);
  }
  const key = `${code ?? ''}|${available}`;
  let slots = byKey.get(key);
  if (slots === undefined) {
    slots = computeSlots(code, map, available);
    byKey.set(key, slots);
  }
  return slots;
}

function computeSlots(code: string | null | undefined, map: PhaseMap, available: string): string {
  const slots = new Set<string>();
  for (const letter of phaseLetters(code)) {
    const slot = map[letter];
    if (slot && available.includes(slot)) slots.add(slot);
  }
  return [...slots].sort().join('');
}

/** Map for a split-phase island: first BDGD phase → L1 (a), second → L2 (b). */
export function splitPhaseMap(secondaryLetters: readonly string[]): PhaseMap {
  const map: Record<string, string> = {};
  const [l1, l2] = secondaryLetters;
  if (l1) map[l1] = 'a';
  if (l2) map[l2] = 'b';
  return map;
}
