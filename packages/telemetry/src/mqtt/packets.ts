// MQTT wire details shared by the ingesters (and the benchmark's publisher): the variable-length integer
// of the fixed header and of property lengths, batched PUBACKs, and the subscription topic.

/** Variable-length integer (MQTT "remaining length" encoding). */
export function encodeVarint(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

/** Reads a variable-length integer at `at`; returns the value and the offset after it. */
export function readVarint(buf: Buffer, at: number): { value: number; next: number } {
  let value = 0;
  let mult = 1;
  for (;;) {
    const b = buf[at++] as number;
    value += (b & 0x7f) * mult;
    mult *= 128;
    if ((b & 0x80) === 0) return { value, next: at };
  }
}

/** PUBACKs of the given message ids in one buffer: 4 bytes each, the same in MQTT 3.1.1 and 5 (remaining
 * length 2 = success, no properties). */
export function encodePubacks(ids: readonly number[]): Buffer {
  const out = Buffer.allocUnsafe(ids.length * 4);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    out[i * 4] = 0x40;
    out[i * 4 + 1] = 2;
    out[i * 4 + 2] = id >> 8;
    out[i * 4 + 3] = id & 0xff;
  }
  return out;
}

/** `{prefix}/+`, as a shared subscription `$share/{group}/…` when a group is given. */
export function subscriptionTopic(prefix: string, group: string | null): string {
  const base = `${prefix}/+`;
  return group ? `$share/${group}/${base}` : base;
}
