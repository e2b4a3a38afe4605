import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import request from 'supertest';
import type { PlayerJoinResult, QuestionSnapshot } from '../../../libs/contracts/src/index.js';
import { type ApiProcess, freePort, waitFor } from '../../support/api-process.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { describeNeeding, NGINX, REDIS_URL } from '../../support/requirements.js';
import {
  answerAs,
  call,
  connected,
  type LiveClient,
  type LiveFixture,
  liveFixtureFor,
  next,
  ok,
  Sockets,
  startLiveInstances,
} from './live-support.js';

// The deployment of docker/: two instances sharing Redis behind nginx. CI installs nginx; a machine without it skips.
const describeDeployment = describeNeeding({ REDIS_URL, nginx: NGINX });

/**
 * docker/nginx.conf as it is, but for this machine: the upstreams on the API processes' ports, nginx on a free port
 * of its own, its pid, logs and temporary files in `dir`, the default worker user (the compose file's service names
 * and the image's user do not exist here).
 */
function nginxConfig(dir: string, port: number, upstreams: number[]): string {
  const conf = readFileSync(path.resolve(import.meta.dirname, '../../../docker/nginx.conf'), 'utf8');
  const servers = ['api1:3000', 'api2:3000'];
  // The image's `nginx` user does not exist on this machine: started as root, nginx runs its workers as nobody.
  let out = conf.replace('user nginx;\n', '').replace('listen 80;', `listen 127.0.0.1:${port};`);
  servers.forEach((name, i) => {
    expect(out).toContain(`server ${name} `);
    out = out.replace(`server ${name} `, `server 127.0.0.1:${upstreams[i]} `);
  });
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((kind) => `  ${kind}_temp_path ${dir}/${kind};`)
    .join('\n');
  return `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\n${out}`.replace(
    'http {',
    `http {\n  access_log off;\n${temp}`,
  );
}

async function startNginx(dir: string, port: number, upstreams: number[]): Promise<ChildProcess> {
  const file = path.join(dir, 'nginx.conf');
  writeFileSync(file, nginxConfig(dir, port, upstreams));
  const child = spawn(NGINX!, ['-p', dir, '-c', file, '-g', 'daemon off;'], { stdio: 'ignore' });
  await waitFor('nginx to answer', async () => (await fetch(`http://127.0.0.1:${port}/api/v1/health/live`)).ok);
  return child;
}

/** Open live sockets on one instance, from its Prometheus gauge. */
async function openSockets(instance: ApiProcess): Promise<number> {
  const text = await (await fetch(`${instance.baseUrl}/metrics`)).text();
  return Number(/^live_open_sockets (\d+)/m.exec(text)?.[1] ?? 0);
}

describeDeployment('live games behind nginx with docker/nginx.conf', () => {
  let database: TestDatabase;
  let f: LiveFixture;
  let dir: string;
  let nginx: ChildProcess | undefined;
  let proxy: string;
  const instances: ApiProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    f = await liveFixtureFor(database, 'ngx');
    instances.push(...(await startLiveInstances(database.url, REDIS_URL!, ['api1', 'api2'])));
    dir = mkdtempSync(path.join(os.tmpdir(), 'haidang-nginx-'));
    // nginx started as root runs its workers as nobody, who must reach the temporary directories inside.
    chmodSync(dir, 0o755);
    const port = await freePort();
    nginx = await startNginx(
      dir,
      port,
      instances.map((i) => Number(new URL(i.baseUrl).port)),
    );
    proxy = `http://127.0.0.1:${port}`;
  }, 240_000);

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx!.once('exit', resolve));
      nginx.kill('SIGTERM');
      await exited;
    }
    await Promise.all(instances.map((i) => i.kill('SIGKILL')));
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sends each browser security header once: the API’s through the proxy, nginx’s own on its own answers', async () => {
    const api = await fetch(`${proxy}/api/v1/health/live`);
    expect(api.status).toBe(200);
    // A header sent by both would arrive joined ("nosniff, nosniff").
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.headers.get('x-frame-options')).toBe('DENY');
    expect(api.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
    // nginx sends the address it saw, never the client's own X-Forwarded-For: this client (on loopback, so internal)
    // writes a public address and is still seen as itself; with its header passed on it would be taken for
    // 203.0.113.7, and a client on a private network could as well write 127.0.0.1.
    const spoofed = await fetch(`${proxy}/metrics`, { headers: { 'X-Forwarded-For': '203.0.113.7' } });
    expect(spoofed.status).toBe(200);
    // Refused by nginx before any instance sees it (over client_max_body_size): nginx's own headers.
    const head = await new Promise<string>((resolve, reject) => {
      const { port } = new URL(proxy);
      const socket = net.connect(Number(port), '127.0.0.1', () =>
        socket.write('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 30000000\r\n\r\n'),
      );
      let received = '';
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('latin1');
        if (received.includes('\r\n\r\n')) {
          socket.destroy();
          resolve(received.split('\r\n\r\n')[0]!);
        }
      });
      socket.on('error', reject);
    });
    expect(head).toMatch(/^HTTP\/1\.1 413/);
    const headers = head.split('\r\n').map((line) => line.toLowerCase());
    expect(headers.filter((h) => h.startsWith('x-content-type-options:'))).toEqual(['x-content-type-options: nosniff']);
    expect(headers).toContain("content-security-policy: default-src 'none'; frame-ancestors 'none'");
    expect(headers).toContain('x-frame-options: deny');
  });

  it('passes an upload larger than its in-memory body buffer (nginx writes it to its temporary files first)', async () => {
    // About 100 KB of GIFT: well past nginx's 16 KB client body buffer.
    const gift = Array.from(
      { length: 1500 },
      (_, i) => `::Câu ${i}:: Câu hỏi thử số ${i} qua nginx? {=Đúng ~Sai ~Không rõ}`,
    ).join('\n\n');
    expect(Buffer.byteLength(gift)).toBeGreaterThan(64 * 1024);
    const res = await request(proxy)
      .post(`/api/v1/question-banks/${f.bankId}/imports?dryRun=true`)
      .set('Authorization', `Bearer ${f.organizer.token}`)
      .attach('file', Buffer.from(gift), 'qua-nginx.gift')
      .expect(201);
    expect(res.body).toMatchObject({ dryRun: true, created: 1500 });
  });

  it('spreads players over both instances through the proxy, and keeps the game going when one instance dies', async () => {
    const sockets = new Sockets();
    try {
      const questions = [...f.questions.values()].filter((q) => q.type === 'single').slice(0, 2) as QuestionSnapshot[];
      const created = await request(proxy)
        .post('/api/v1/live-games')
        .set('Authorization', `Bearer ${f.organizer.token}`)
        .send({
          title: 'Sau nginx',
          bankId: f.bankId,
          questionCount: 2,
          questionTimeSeconds: 60,
          questionIds: questions.map((q) => q.questionId),
          scoring: 'accuracy',
          streaks: false,
        })
        .expect(201);
      const { gameId, pin } = created.body as { gameId: string; pin: string };

      // Everyone through nginx, websocket transport only (the upgrade must pass the proxy).
      const openHost = async () => {
        const socket = sockets.connect(proxy, f.organizer.token);
        await connected(socket);
        await ok(call(socket, 'host:open', { gameId }));
        return socket;
      };
      let host = await openHost();
      const players: { socket: LiveClient; join: PlayerJoinResult }[] = [];
      for (let i = 0; i < 8; i++) {
        const socket = sockets.connect(proxy);
        await connected(socket);
        players.push({
          socket,
          join: await ok(call<PlayerJoinResult>(socket, 'player:join', { pin, nickname: `P${i}` })),
        });
      }
      // least_conn, no sticky sessions: both instances hold some of the game's sockets.
      const held = await Promise.all(instances.map(openSockets));
      expect(held.reduce((a, b) => a + b, 0)).toBe(9);
      expect(Math.min(...held)).toBeGreaterThan(0);

      const answer = (socket: LiveClient, index: number, right: boolean, id: string) =>
        answerAs(socket, questions, index, right, id);

      // Question 1: even players right, odd ones wrong; every player gets their own result through the proxy.
      let shows = players.map((p) => next(p.socket, 'question:show', (s) => s.index === 0));
      await ok(call(host, 'host:start', {}));
      await Promise.all(shows);
      for (const [i, p] of players.entries()) await answer(p.socket, 0, i % 2 === 0, `${i}-0`);
      const results = players.map((p) => next(p.socket, 'question:result', (r) => r.index === 0));
      await ok(call(host, 'host:next', {}));
      expect((await Promise.all(results)).map((r) => r.total)).toEqual(players.map((_, i) => (i % 2 === 0 ? 1000 : 0)));

      // Question 2 is on screen when the second instance dies: its sockets drop, nginx sends them to the first.
      shows = players.map((p) => next(p.socket, 'question:show', (s) => s.index === 1));
      await ok(call(host, 'host:next', {}));
      await Promise.all(shows);
      const dropped = new Set<LiveClient>();
      for (const s of [host, ...players.map((p) => p.socket)]) s.once('disconnect', () => dropped.add(s));
      await instances[1]!.kill('SIGKILL');
      await waitFor('the dead instance’s sockets to drop', async () => dropped.size === held[1]);

      if (dropped.has(host)) host = await openHost();
      const live = await Promise.all(
        players.map(async (p) => {
          if (!dropped.has(p.socket)) return p.socket;
          const socket = sockets.connect(proxy);
          await connected(socket);
          const back = await ok(
            call<PlayerJoinResult>(socket, 'player:join', { pin, nickname: 'x', resumeToken: p.join.resumeToken }),
          );
          expect(back.playerId).toBe(p.join.playerId);
          return socket;
        }),
      );
      // Everyone right this time; the totals carry the first question's points, nothing counted twice.
      for (const [i, s] of live.entries()) await answer(s, 1, true, `${i}-1`);
      expect(await answer(live[0]!, 1, true, '0-1')).toMatchObject({ duplicate: true });
      const second = live.map((s) => next(s, 'question:result', (r) => r.index === 1));
      await ok(call(host, 'host:next', {}));
      expect((await Promise.all(second)).map((r) => r.total)).toEqual(
        players.map((_, i) => (i % 2 === 0 ? 2000 : 1000)),
      );
      expect(await openSockets(instances[0]!)).toBe(9);
    } finally {
      sockets.closeAll();
    }
  }, 120_000);
});
