import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import net from 'node:net';
import { freePort, waitFor } from '../api-process.js';

/**
 * A redis-server of the test's own on a free loopback port, so a test may restart it (the machine's Redis is shared).
 * Configured as docker/docker-compose.yml runs Redis (append-only file, fsync every second): a restart (SIGTERM: it
 * writes everything before it exits) keeps every acknowledged write.
 */
export interface PrivateRedis {
  url: string;
  port: number;
  /** Stops it (SIGTERM: it finishes its append-only file); `up` starts it again on the same port and files. */
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
}

const ping = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(1000, () => socket.destroy());
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => {
      socket.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });

export async function startPrivateRedis(dataDir: string): Promise<PrivateRedis> {
  await mkdir(dataDir, { recursive: true });
  const port = await freePort();
  let child: ChildProcess | null = null;
  let output = '';
  const start = async () => {
    const c = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dataDir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // No redis-server on this machine: say so rather than crash on the child's unhandled error.
    const missing = new Promise<never>((_, reject) =>
      c.once('error', (e) => reject(new Error(`cannot start redis-server (is it installed?): ${e.message}`))),
    );
    missing.catch(() => undefined);
    c.stdout!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-5000)));
    c.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-5000)));
    child = c;
    try {
      await Promise.race([
        missing,
        waitFor('the private redis-server to answer', async () => c.exitCode === null && (await ping(port)), 20_000),
      ]);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${output}`);
    }
  };
  const halt = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    down: halt,
    up: start,
    stop: async () => {
      await halt();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
