// Configuration: defaults and Portuguese errors on bad values (no database needed).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.ts';

test('padrões documentados', () => {
  const config = loadConfig({});
  assert.equal(config.port, 8000);
  assert.equal(config.host, '0.0.0.0');
  assert.equal(config.databaseUrl, 'postgres://postgres@localhost:5432/rede_eletrica');
  assert.equal(config.modo, 'desenvolvimento');
  assert.equal(loadConfig({ NODE_ENV: 'production' }).modo, 'producao');
  assert.equal(loadConfig({ REDE_MODO: 'producao' }).modo, 'producao');
});

test('valores inválidos → ConfigError com mensagem em português', () => {
  const cases: Record<string, string>[] = [
    { PORT: 'abc' },
    { PORT: '70000' },
    { REDE_MODO: 'teste' },
    { DATABASE_URL: 'mysql://localhost/x' },
    { DATABASE_URL: 'não é url' },
    { DATABASE_URL: 'postgres://localhost:5432/' },
    { REDE_CACHE_TILES_MB: '-1' },
  ];
  for (const env of cases) {
    assert.throws(
      () => loadConfig(env),
      (err: Error) => err instanceof ConfigError && /inválida|deve|precisa/.test(err.message),
    );
  }
});
