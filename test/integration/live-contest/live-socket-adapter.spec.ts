import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import type { Server } from 'socket.io';
import { LiveSocketAdapter } from '../../../libs/live-contest/src/live-socket.adapter.js';
import { describeNeeding, REDIS_URL } from '../../support/requirements.js';

/**
 * The socket.io Redis adapter publishes every broadcast without holding the reply, and unsubscribes the same way when
 * it closes. A broadcast sent while the instance shuts down (a question's timer firing after the socket server
 * closed) once failed on the closing connection as an unhandled rejection, which fails a test run and would end a
 * process. Before the fix the first case failed on "Connection is closed" and the second never finished (QUIT waited
 * in the offline queue for a Redis that never came).
 */
describeNeeding({ REDIS_URL })('the live socket adapter on Redis', () => {
  const redis = REDIS_URL ? new Redis(REDIS_URL, { maxRetriesPerRequest: 2 }) : null!;
  afterAll(async () => {
    await redis?.quit();
  });

  async function serverOnRedis(): Promise<{ adapter: LiveSocketAdapter; server: Server }> {
    const adapter = new LiveSocketAdapter(createServer(), redis, `postgres://test/live-adapter-${randomUUID()}`);
    const server = adapter.createIOServer(0) as Server;
    // The adapter subscribes on creation; broadcasts go out only once that is done.
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { adapter, server };
  }

  /** Lets any rejection left unhandled surface inside the test that caused it. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

  it('drops a broadcast sent while it closes, without an unhandled rejection', async () => {
    const { adapter, server } = await serverOnRedis();
    const closing = adapter.close(server);
    // Broadcasts on every turn of the event loop until the close has quit the connections: some go out after QUIT.
    let closed = false;
    void closing.then(() => (closed = true));
    let sent = 0;
    while (!closed) {
      server.to('room').emit('question:show', { sent });
      server.serverSideEmit('sync', { sent });
      sent += 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await closing;
    server.to('room').emit('question:show', { after: true });
    await settle();
    expect(sent).toBeGreaterThan(0);
  });

  it('closes while Redis cannot be reached, without an unhandled rejection', async () => {
    // Nothing listens on port 1: the adapter's connections keep trying, its broadcasts and the close's unsubscribes
    // wait in their offline queues, which the close then fails.
    const unreachable = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 2 });
    unreachable.on('error', () => undefined);
    const adapter = new LiveSocketAdapter(createServer(), unreachable, `postgres://test/live-adapter-${randomUUID()}`);
    const server = adapter.createIOServer(0) as Server;
    server.to('room').emit('question:show', {});
    server.serverSideEmit('sync', {});
    await expect(adapter.close(server)).resolves.toBeUndefined();
    await settle();
    unreachable.disconnect();
  });
});
