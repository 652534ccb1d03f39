// Grid aggregation of transformer statuses (live/statusAggregates.ts): every transformer is counted once,
// in its category, and each cell takes the colour of its worst category.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AGGREGATE_CATEGORIES,
  type AggregateCategory,
  aggregateCategory,
  aggregateStatuses,
  worstCategory,
} from '../src/live/statusAggregates.ts';

test('categoria: sem dados, leitura antiga (exceto sem comunicação) e o estado', () => {
  assert.equal(aggregateCategory(null, false), 'SEM_DADOS');
  assert.equal(aggregateCategory(undefined, true), 'SEM_DADOS');
  assert.equal(aggregateCategory('CRITICO', true), 'DESATUALIZADO');
  assert.equal(aggregateCategory('OFFLINE', true), 'OFFLINE');
  assert.equal(aggregateCategory('ALERTA', false), 'ALERTA');
});

test('células: contagens por estado somam a frota, pior estado, célula de cada transformador', () => {
  // A 30 × 30 grid of transformers about 20 m apart, with statuses cycling through every category.
  const transformers = Array.from({ length: 900 }, (_, i) => ({
    cod: `T${i}`,
    lon: -47.9 + (i % 30) * 0.0002,
    lat: -15.8 + Math.floor(i / 30) * 0.0002,
  }));
  const category = (cod: string): AggregateCategory =>
    AGGREGATE_CATEGORIES[Number(cod.slice(1)) % AGGREGATE_CATEGORIES.length] ?? 'SEM_DADOS';
  const { data, cellOf } = aggregateStatuses(transformers, category, 14, 48);
  const cells = data.features.map((f) => f.properties);
  assert.ok(cells.length > 1 && cells.length < 900, `${cells.length} células`);
  assert.equal(
    cells.reduce((sum, c) => sum + c.total, 0),
    900,
  );
  for (const k of AGGREGATE_CATEGORIES) {
    assert.equal(
      cells.reduce((sum, c) => sum + c[k], 0),
      150,
      k,
    );
  }
  for (const c of cells) {
    assert.equal(
      AGGREGATE_CATEGORIES.reduce((sum, k) => sum + c[k], 0),
      c.total,
    );
    assert.equal(c.pior, worstCategory(c));
  }
  assert.equal(cellOf.size, 900);
  for (const t of transformers) assert.ok((cellOf.get(t.cod)?.[category(t.cod)] ?? 0) > 0, t.cod);
  // One critical transformer is enough to make its cell red.
  const one = aggregateStatuses(
    transformers.slice(0, 10),
    (cod) => (cod === 'T3' ? 'CRITICO' : 'NORMAL'),
    14,
    48,
  );
  const cellOfT3 = one.cellOf.get('T3');
  assert.equal(cellOfT3?.pior, 'CRITICO');
  assert.equal(cellOfT3?.CRITICO, 1);
});
