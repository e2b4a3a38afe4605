import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
/** The built server (`npm test` builds dist/ before jest starts). */
const MAIN = path.join(root, 'dist/apps/api/src/main.js');
const READY = 'Hải Đăng is ready';

/** One API server in its own process, as deployed: killing it kills its sockets, timers and connections for real. */
export interface ChildInstance {
  name: string;
  baseUrl: string;
  /** Sends the signal and waits until the process is gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
  readonly alive: boolean;
  /** The tail of what it printed (for failure messages). */
  output(): string;
}

/**
 * Starts `node dist/apps/api/src/main.js` with the given environment on a port of the system's choosing (PORT=0)
 * and resolves once its log says it is ready, with the address it printed. Rejects with its output when it exits
 * first or is not ready within `readyWithinMs` (a bound on a loaded machine, not a measurement).
 */
export async function startChildInstance(
  name: string,
  env: Record<string, string>,
  readyWithinMs = 90_000,
): Promise<ChildInstance> {
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', MAIN], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  let pending = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-20_000);
  };
  child.stderr!.on('data', keep);

  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`instance ${name} not ready within ${readyWithinMs} ms:\n${tail}`));
    }, readyWithinMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`instance ${name} exited (${code ?? signal}) before it was ready:\n${tail}`));
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      keep(chunk);
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.includes(READY)) continue;
        const { url } = JSON.parse(line) as { url: string };
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${new URL(url).port}`);
      }
    });
  });

  return {
    name,
    baseUrl,
    get alive() {
      return child.exitCode === null && child.signalCode === null;
    },
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
    output: () => tail,
  };
}

/** Polls `probe` until it returns a value (not undefined); fails with `what` after `withinMs`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, withinMs = 60_000): Promise<T> {
  const giveUpAt = Date.now() + withinMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
