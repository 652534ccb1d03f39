// The import CLI turns an unreachable database into a clear message and exit code 1, never a stack trace.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

function runImport(databaseUrl: string): { status: number | null; stderr: string } {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'packages/bdgd/src/cli/import.ts', 'qualquer.gdb.zip'],
    { env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: 'utf8' },
  );
  return { status: child.status, stderr: child.stderr };
}

test('an unreachable PostgreSQL gives exit 1 and a message naming the URL, without the password', () => {
  // Port 1 on localhost: nothing listens there.
  const { status, stderr } = runImport('postgres://usuario:segredo@127.0.0.1:1/rede');
  assert.equal(status, 1);
  assert.match(
    stderr,
    /Não foi possível conectar ao PostgreSQL em postgres:\/\/usuario:\*\*\*@127\.0\.0\.1:1\/rede/,
  );
  assert.doesNotMatch(stderr, /segredo/);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
});
