// Child telemetry processes (src/cli/serve.ts) for the crash and multi-process tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SERVE = fileURLToPath(new URL('../src/cli/serve.ts', import.meta.url));

export interface Child {
  proc: ChildProcess;
  port: number;
  baseUrl: string;
  wsUrl: string;
  stderr: string[];
  /** Graceful stop (SIGTERM) and wait for exit. */
  stop(): Promise<void>;
  /** Crash (SIGKILL) and wait for exit. */
  kill(): Promise<void>;
}

export async function spawnTelemetry(env: NodeJS.ProcessEnv): Promise<Child> {
  const prof = process.env.TELEMETRIA_PERFIL
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.TELEMETRIA_PERFIL}`]
    : [];
  // A larger young generation: the ingester allocates a little per reading, and with the default
  // semi-space (16 MiB) scavenges took ~20 % of its CPU under a burst (docs/benchmarks/telemetry.md).
  const proc = spawn(process.execPath, [...prof, '--max-semi-space-size=64', '--import', 'tsx', SERVE], {
    env: { ...process.env, ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  createInterface({ input: proc.stderr as NodeJS.ReadableStream }).on('line', (l) => {
    stderr.push(l);
    if (process.env.TELEMETRIA_LOG) console.error(`  [filho ${proc.pid}] ${l}`);
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const rl = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
    rl.once('line', (line) => resolve(JSON.parse(line).porta));
    proc.once('exit', (code) => reject(new Error(`processo saiu (${code}): ${stderr.join('\n')}`)));
  });
  return {
    proc,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    stderr,
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (proc.exitCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}
