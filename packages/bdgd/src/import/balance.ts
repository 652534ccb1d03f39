// Splits weighted work items into N groups of similar total weight (largest first, into the lightest group).
export function balance<T>(items: readonly T[], weight: (item: T) => number, groups: number): T[][] {
  const buckets = Array.from({ length: Math.max(1, groups) }, () => ({ total: 0, items: [] as T[] }));
  for (const item of [...items].sort((a, b) => weight(b) - weight(a))) {
    const lightest = buckets.reduce((min, bucket) => (bucket.total < min.total ? bucket : min));
    lightest.items.push(item);
    lightest.total += weight(item);
  }
  return buckets.map((b) => b.items).filter((list) => list.length > 0);
}
