// Synthetic BDGD generator: layout identical to the real 2024 file, counts equal to the manifest,
// PAC topology a tree from every feeder head, determinism, and every defect option.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { requireSharedFile } from '../../../scripts/shared-data.ts';
import { CodeTables, parseCsv } from '../src/synthetic/codeTables.ts';
import { MemorySink } from '../src/synthetic/features.ts';
import { distanceMetres } from '../src/synthetic/geodesy.ts';
import { generateBdgd, planFromOptions, writeTruncatedCopy } from '../src/synthetic/index.ts';
import type { GenerateResult } from '../src/synthetic/manifest.ts';
import { generateNetwork } from '../src/synthetic/network.ts';
import { BDGD_LAYER_NAMES, BDGD_LAYERS } from '../src/synthetic/schema.ts';

const REAL_ZIP = 'data/bdgd/Mux_Energia_401_2024-12-31_V11_20250806-1857.gdb.zip';

function sql(gdb: string, query: string): Array<Record<string, string>> {
  const out = execFileSync(
    'ogr2ogr',
    ['-f', 'CSV', '/vsistdout/', gdb, '-dialect', 'SQLite', '-sql', query],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    },
  );
  return parseCsv(out);
}

interface LayerLayout {
  geometry: string;
  fields: Map<string, string>;
  count: number;
}

/** Layer → geometry, fields (name → "Type (width)") and feature count, from `ogrinfo -so -al`. */
function readLayout(gdb: string): Map<string, LayerLayout> {
  const text = execFileSync('ogrinfo', ['-ro', '-so', '-al', gdb], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const layers = new Map<string, LayerLayout>();
  let current: LayerLayout | undefined;
  for (const line of text.split('\n')) {
    const name = /^Layer name: (\S+)/.exec(line);
    if (name?.[1]) {
      current = { geometry: '', fields: new Map(), count: -1 };
      layers.set(name[1], current);
      continue;
    }
    if (!current) continue;
    const geometry = /^Geometry: (.*)/.exec(line);
    if (geometry?.[1]) current.geometry = geometry[1];
    const count = /^Feature Count: (\d+)/.exec(line);
    if (count?.[1]) current.count = Number(count[1]);
    const field = /^(\w+): (String|Integer|Real|Integer64|Date) \((\d+)\.\d+\)/.exec(line);
    if (field?.[1]) current.fields.set(field[1], `${field[2]} (${field[3]})`);
  }
  return layers;
}

let dir = '';
let result: GenerateResult;
let layout: Map<string, LayerLayout>;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'synthetic-test-'));
  result = await generateBdgd({ outputDir: dir, feeders: 3, mvSegmentsPerFeeder: 160, seed: 7, zip: true });
  layout = readLayout(result.gdbPath);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('layout', () => {
  test('has the 43 BDGD layers with the declared geometry and fields', () => {
    assert.deepEqual([...layout.keys()].sort(), [...BDGD_LAYER_NAMES].sort());
    for (const def of BDGD_LAYERS) {
      const layer = layout.get(def.name);
      assert.ok(layer, def.name);
      const expected = def.fields.map((f) => `${f.name}:${f.type} (${f.width})`);
      const actual = [...layer.fields]
        .filter(([n]) => n !== 'Shape_Length' && n !== 'Shape_Area')
        .map(([n, t]) => `${n}:${t}`);
      assert.deepEqual(actual, expected, def.name);
    }
    const ssdmt = execFileSync('ogrinfo', ['-ro', '-so', result.gdbPath, 'SSDMT'], { encoding: 'utf8' });
    assert.match(ssdmt, /ID\["EPSG",4674\]/);
    assert.match(ssdmt, /Geometry Column = Shape/);
    assert.match(ssdmt, /Shape_Length: Real/);
  });

  test('matches the real Mux 2024 file layer by layer', (t) => {
    const zip = requireSharedFile(t, REAL_ZIP);
    if (!zip) return;
    const real = readLayout(`/vsizip/${zip}/Mux_Energia_401_2024-12-31_V11_20250806-1857.gdb`);
    assert.deepEqual([...layout.keys()].sort(), [...real.keys()].sort());
    for (const [name, realLayer] of real) {
      const ours = layout.get(name);
      assert.ok(ours, name);
      assert.equal(ours.geometry, realLayer.geometry, name);
      assert.deepEqual(new Map([...ours.fields].sort()), new Map([...realLayer.fields].sort()), name);
    }
  });

  test('missing strings are a single space and codes come from the tables', () => {
    const [row] = sql(
      result.gdbPath,
      "SELECT COUNT(*) AS n FROM SSDMT WHERE UNI_TR_AT = ' ' AND DESCR = ' '",
    );
    assert.equal(Number(row?.n), result.layers.SSDMT);
    const codes = new CodeTables();
    const [ctmt] = sql(result.gdbPath, 'SELECT DISTINCT TEN_NOM FROM CTMT');
    assert.equal(codes.voltageOf(ctmt?.TEN_NOM ?? ''), 13800);
    const ucbt = sql(result.gdbPath, 'SELECT COD_ID FROM UCBT_tab LIMIT 5');
    for (const r of ucbt) assert.match(r.COD_ID ?? '', /^[0-9a-f]{64}$/);
    const curves = sql(result.gdbPath, 'SELECT COD_ID, COUNT(*) AS n FROM CRVCRG GROUP BY COD_ID');
    for (const c of curves) assert.equal(Number(c.n), 3);
    const used = sql(
      result.gdbPath,
      'SELECT DISTINCT TIP_CC FROM UCBT_tab UNION SELECT DISTINCT TIP_CC FROM PIP UNION SELECT DISTINCT TIP_CC FROM UCMT_tab',
    );
    const known = new Set(curves.map((c) => c.COD_ID));
    for (const u of used) assert.ok(known.has(u.TIP_CC), `TIP_CC ${u.TIP_CC} sem CRVCRG`);
  });
});

describe('counts', () => {
  test('feature counts equal the manifest', () => {
    for (const name of BDGD_LAYER_NAMES) assert.equal(layout.get(name)?.count, result.layers[name], name);
    assert.equal(result.layers.SSDMT, result.totals.mvSegments);
    assert.equal(result.layers.SSDBT, result.totals.lvSegments);
    assert.equal(result.layers.CTMT, 3);
  });

  test('per-feeder counts equal the manifest', () => {
    const perFeeder = (layer: string) =>
      new Map(
        sql(result.gdbPath, `SELECT CTMT, COUNT(*) AS n FROM ${layer} GROUP BY CTMT`).map((r) => [
          r.CTMT,
          Number(r.n),
        ]),
      );
    const checks: Array<[string, keyof GenerateResult['feeders'][number]]> = [
      ['SSDMT', 'mvSegments'],
      ['SSDBT', 'lvSegments'],
      ['RAMLIG', 'serviceDrops'],
      ['UNTRMT', 'transformers'],
      ['UCBT_tab', 'lvConsumers'],
      ['UCMT_tab', 'mvConsumers'],
      ['UGBT_tab', 'lvGenerators'],
      ['PIP', 'publicLighting'],
      ['UNSEMT', 'switches'],
      ['UNREMT', 'regulators'],
      ['UNCRMT', 'capacitors'],
    ];
    for (const [layer, key] of checks) {
      const counts = perFeeder(layer);
      for (const f of result.feeders) assert.equal(counts.get(f.COD_ID) ?? 0, f[key], `${layer} ${f.COD_ID}`);
    }
  });
});

describe('topology', () => {
  test('closed network is a tree from each PAC_INI, covering every branch, PAC_2 upstream', () => {
    type Edge = { layer: string; id: string; pac1: string; pac2: string; ctmt: string };
    const edges: Edge[] = [];
    const add = (layer: string, query: string) => {
      for (const r of sql(result.gdbPath, query))
        edges.push({
          layer,
          id: r.COD_ID ?? '',
          pac1: r.PAC_1 ?? '',
          pac2: r.PAC_2 ?? '',
          ctmt: r.CTMT ?? '',
        });
    };
    add('SSDMT', 'SELECT COD_ID, PAC_1, PAC_2, CTMT FROM SSDMT');
    add('SSDBT', 'SELECT COD_ID, PAC_1, PAC_2, CTMT FROM SSDBT');
    add('RAMLIG', 'SELECT COD_ID, PAC_1, PAC_2, CTMT FROM RAMLIG');
    add('UNSEMT', "SELECT COD_ID, PAC_1, PAC_2, CTMT FROM UNSEMT WHERE P_N_OPE = 'F'");
    add('UNREMT', 'SELECT COD_ID, PAC_1, PAC_2, CTMT FROM UNREMT');
    add('UNTRMT', 'SELECT COD_ID, PAC_2 AS PAC_1, PAC_1 AS PAC_2, CTMT FROM UNTRMT'); // PAC_1 = MV side
    const incident = new Map<string, Edge[]>();
    for (const e of edges) {
      for (const pac of [e.pac1, e.pac2]) {
        const list = incident.get(pac) ?? [];
        if (list.length === 0) incident.set(pac, list);
        list.push(e);
      }
    }
    const owner = new Map<string, string>();
    const reached = new Set<Edge>();
    for (const feeder of sql(result.gdbPath, 'SELECT COD_ID, PAC_INI FROM CTMT')) {
      const start = feeder.PAC_INI ?? '';
      const seen = new Set([start]);
      const queue = [start];
      while (queue.length > 0) {
        const pac = queue.shift() as string;
        assert.ok(!owner.has(pac), `nó ${pac} alcançado por dois alimentadores`);
        owner.set(pac, feeder.COD_ID ?? '');
        for (const e of incident.get(pac) ?? []) {
          if (reached.has(e)) continue;
          reached.add(e);
          assert.equal(e.pac2, pac, `${e.layer} ${e.id}: PAC_2 deve ser o lado da fonte`);
          assert.equal(e.ctmt, feeder.COD_ID, `${e.layer} ${e.id}: CTMT`);
          assert.ok(!seen.has(e.pac1), `ciclo em ${e.layer} ${e.id}`);
          seen.add(e.pac1);
          queue.push(e.pac1);
        }
      }
    }
    // Everything is reached, including each feeder breaker (PAC_2 = PAC_INI, PAC_1 = dangling dummy, as in Mux).
    const unreached = edges.filter((e) => !reached.has(e));
    assert.deepEqual(unreached, []);
    const breakers = edges.filter((e) => e.layer === 'UNSEMT' && e.pac1.startsWith('DJ'));
    assert.equal(breakers.length, 3);
    const [ties] = sql(result.gdbPath, "SELECT COUNT(*) AS n FROM UNSEMT WHERE P_N_OPE = 'A'");
    assert.ok(Number(ties?.n) >= 2);
  });

  test('consumers hang on drop ends; geometry runs PN_CON_2 → PN_CON_1; COMP is the geodesic length', () => {
    const [bad] = sql(
      result.gdbPath,
      'SELECT COUNT(*) AS n FROM UCBT_tab u LEFT JOIN RAMLIG r ON u.RAMAL = r.COD_ID WHERE r.PAC_1 IS NULL OR r.PAC_1 <> u.PAC',
    );
    assert.equal(Number(bad?.n), 0);
    const rows = sql(
      result.gdbPath,
      'SELECT s.COMP, ST_X(ST_StartPoint(s.Shape)) AS x0, ST_Y(ST_StartPoint(s.Shape)) AS y0, ST_X(ST_EndPoint(s.Shape)) AS x1, ST_Y(ST_EndPoint(s.Shape)) AS y1, ' +
        'ST_X(p2.Shape) AS px2, ST_Y(p2.Shape) AS py2, ST_X(p1.Shape) AS px1, ST_Y(p1.Shape) AS py1 ' +
        'FROM (SELECT * FROM SSDMT LIMIT 60) s JOIN PONNOT p1 ON p1.COD_ID = s.PN_CON_1 JOIN PONNOT p2 ON p2.COD_ID = s.PN_CON_2',
    );
    assert.equal(rows.length, 60);
    for (const r of rows) {
      const a = { lon: Number(r.x0), lat: Number(r.y0) };
      const b = { lon: Number(r.x1), lat: Number(r.y1) };
      assert.ok(Math.abs(a.lon - Number(r.px2)) < 1e-8 && Math.abs(a.lat - Number(r.py2)) < 1e-8);
      assert.ok(Math.abs(b.lon - Number(r.px1)) < 1e-8 && Math.abs(b.lat - Number(r.py1)) < 1e-8);
      const comp = Number(r.COMP);
      assert.ok(comp >= 30 && comp <= 80, `vão de ${comp} m`);
      assert.ok(Math.abs(distanceMetres(a, b) - comp) < 0.01);
    }
  });
});

describe('determinism and sizing', () => {
  test('same seed, same rows; different seed, different rows', () => {
    const run = (seed: number) => {
      const sink = new MemorySink();
      generateNetwork(
        planFromOptions({ outputDir: '', feeders: 2, mvSegmentsPerFeeder: 40, seed }),
        new CodeTables(),
        sink,
      );
      return JSON.stringify([...sink.rows]);
    };
    assert.equal(run(3), run(3));
    assert.notEqual(run(3), run(4));
  });

  test('totalSegments sizes the network close to the target', () => {
    const sink = new MemorySink();
    const summary = generateNetwork(
      planFromOptions({ outputDir: '', totalSegments: 20000, seed: 2 }),
      new CodeTables(),
      sink,
    );
    const total = summary.feeders.reduce((a, f) => a + f.mvSegments + f.lvSegments, 0);
    assert.ok(total > 17000 && total < 23000, `total ${total}`);
  });
});

describe('defects', () => {
  let broken: GenerateResult;
  before(async () => {
    broken = await generateBdgd({
      outputDir: dir,
      name: 'defeituosa',
      feeders: 2,
      mvSegmentsPerFeeder: 60,
      seed: 11,
      zip: true,
      defects: {
        dropLayers: ['UNCRMT', 'CRVCRG'],
        duplicateCodIds: [{ layer: 'SSDMT', count: 3 }],
        invalidGeometries: [
          { layer: 'SSDBT', count: 2, kind: 'empty' },
          { layer: 'SSDMT', count: 2, kind: 'degenerate' },
          { layer: 'UNTRMT', count: 1, kind: 'null' },
        ],
        danglingPacs: [
          { layer: 'UCBT_tab', count: 3 },
          { layer: 'SSDBT', count: 1 },
        ],
        unknownCtmt: [{ layer: 'SSDMT', count: 2 }],
      },
    });
  });

  test('dropped layers are absent', () => {
    const names = readLayout(broken.gdbPath);
    assert.ok(!names.has('UNCRMT') && !names.has('CRVCRG'));
    assert.equal(names.size, 41);
    assert.deepEqual(broken.droppedLayers.sort(), ['CRVCRG', 'UNCRMT']);
  });

  test('duplicated COD_IDs', () => {
    const dups = sql(broken.gdbPath, 'SELECT COD_ID FROM SSDMT GROUP BY COD_ID HAVING COUNT(*) > 1');
    const injected = broken.defects.filter((d) => d.type === 'duplicateCodId').map((d) => d.codId);
    assert.equal(injected.length, 3);
    assert.deepEqual(dups.map((d) => d.COD_ID).sort(), [...injected].sort());
  });

  test('empty, degenerate and null geometries', () => {
    const [empty] = sql(
      broken.gdbPath,
      'SELECT COUNT(*) AS n FROM SSDBT WHERE Shape IS NULL OR ST_IsEmpty(Shape)',
    );
    assert.equal(Number(empty?.n), 2);
    const [zero] = sql(broken.gdbPath, 'SELECT COUNT(*) AS n FROM SSDMT WHERE ST_Length(Shape) = 0');
    assert.equal(Number(zero?.n), 2);
    const [none] = sql(
      broken.gdbPath,
      'SELECT COUNT(*) AS n FROM UNTRMT WHERE Shape IS NULL OR ST_IsEmpty(Shape)',
    );
    assert.equal(Number(none?.n), 1);
  });

  test('dangling PACs and unknown CTMT', () => {
    const dangling = broken.defects.filter((d) => d.type === 'danglingPac');
    assert.equal(dangling.length, 4);
    const [ucbt] = sql(
      broken.gdbPath,
      'SELECT COUNT(*) AS n FROM UCBT_tab WHERE PAC NOT IN (SELECT PAC_1 FROM RAMLIG)',
    );
    assert.equal(Number(ucbt?.n), 3);
    const [ssdbt] = sql(
      broken.gdbPath,
      'SELECT COUNT(*) AS n FROM SSDBT WHERE PAC_2 NOT IN (SELECT PAC_1 FROM SSDBT) AND PAC_2 NOT IN (SELECT PAC_2 FROM UNTRMT)',
    );
    assert.equal(Number(ssdbt?.n), 1);
    const [ctmt] = sql(
      broken.gdbPath,
      'SELECT COUNT(*) AS n FROM SSDMT WHERE CTMT NOT IN (SELECT COD_ID FROM CTMT)',
    );
    assert.equal(Number(ctmt?.n), 2);
  });

  test('truncated zip cannot be opened', () => {
    assert.ok(broken.zipPath && existsSync(broken.zipPath));
    const target = join(dir, 'truncado.gdb.zip');
    writeTruncatedCopy(broken.zipPath as string, target, 0.5);
    assert.throws(() => execFileSync('unzip', ['-tq', target], { stdio: 'pipe' }));
    assert.throws(() =>
      execFileSync('ogrinfo', ['-ro', '-so', `/vsizip/${target}/defeituosa.gdb`, 'SSDMT'], { stdio: 'pipe' }),
    );
  });
});
