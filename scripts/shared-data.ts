// Locates the project's shared reference data (`../shared` beside the repository, or SHARED_DIR).
// Tests that need it call `requireSharedFile`: under CI=true a missing file is a failure; elsewhere the
// test is skipped with a clear message.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function sharedDir(): string {
  return process.env.SHARED_DIR ? resolve(process.env.SHARED_DIR) : resolve(repoRoot, '..', 'shared');
}

export function sharedPath(relative: string): string {
  return join(sharedDir(), relative);
}

/** Returns the absolute path, or undefined after skipping the test (outside CI) when the file is missing. */
export function requireSharedFile(t: TestContext, relative: string): string | undefined {
  const path = sharedPath(relative);
  if (existsSync(path)) return path;
  if (process.env.CI === 'true') {
    throw new Error(`dados de referência ausentes em CI: ${path} (defina SHARED_DIR)`);
  }
  t.skip(`dados de referência ausentes: ${path} — teste pulado fora de CI`);
  return undefined;
}
