import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LiveGameService } from '../../../libs/live-contest/src/index.js';
import { seedSmallTree, type UnitIds } from '../../factories/units.js';
import { createUser, type SeededUser, startTestApp, type TestApp } from '../../support/test-app.js';
import { call, connected, errorCode, ok, Sockets } from './live-support.js';

const GIFT = '::Q1:: Thủ đô của Việt Nam là? {=Hà Nội ~Huế ~Đà Nẵng}\n\n::Q2:: 2 + 2 = 4 {T}\n';

/** The `host` role (quản trò) creates and hosts live games on the banks of its unit subtree, and no others. */
describe('live games: the host role', () => {
  let t: TestApp;
  let units: UnitIds;
  let host: SeededUser;
  let participant: SeededUser;
  let d1BankId: string;
  let d2BankId: string;

  const auth = (user: SeededUser) => ({ Authorization: `Bearer ${user.token}` });

  /** A bank of the unit, with two published questions, made by an organizer (and reviewer) of that unit. */
  async function bankOf(unitId: string, username: string): Promise<string> {
    const owner = await createUser(t, { username, roles: ['organizer', 'reviewer'], unitId });
    const bank = await t.http
      .post('/api/v1/question-banks')
      .set(auth(owner))
      .send({ name: `Ngân hàng ${username}` });
    expect(bank.status).toBe(201);
    await t.http
      .post(`/api/v1/question-banks/${bank.body.id}/imports?publish=true`)
      .set(auth(owner))
      .attach('file', Buffer.from(GIFT), 'cau-hoi.gift')
      .expect(201);
    return bank.body.id as string;
  }

  const createGame = (user: SeededUser, bankId: string) =>
    t.http
      .post('/api/v1/live-games')
      .set(auth(user))
      .send({ title: 'Đố vui', bankId, questionCount: 2, questionTimeSeconds: 20 });

  beforeAll(async () => {
    t = await startTestApp();
    units = await seedSmallTree(t);
    d1BankId = await bankOf(units.d1!, 'btc.d1');
    d2BankId = await bankOf(units.d2!, 'btc.d2');
    host = await createUser(t, { username: 'quan.tro.d1', roles: ['host'], unitId: units.d1! });
    participant = await createUser(t, { username: 'thi.sinh.d1', roles: ['participant'], unitId: units.d1! });
  });
  afterAll(async () => t?.close());

  it('creates a game on a bank of its unit and hosts it over the socket', async () => {
    const created = await createGame(host, d1BankId).expect(201);
    const gameId = created.body.gameId as string;
    await t.http.get(`/api/v1/live-games/${gameId}`).set(auth(host)).expect(200);
    const sockets = new Sockets();
    try {
      const socket = sockets.connect(t.baseUrl, host.token);
      await connected(socket);
      await ok(call(socket, 'host:open', { gameId }));
      const player = sockets.connect(t.baseUrl, participant.token);
      await connected(player);
      expect(await errorCode(call(player, 'host:open', { gameId }))).toBe('FORBIDDEN');
    } finally {
      sockets.closeAll();
    }
  });

  it('refuses a bank outside its unit subtree, and a participant altogether', async () => {
    const outside = await createGame(host, d2BankId).expect(403);
    expect(outside.body.code).toBe('OUT_OF_SCOPE');
    const notHost = await createGame(participant, d1BankId).expect(403);
    expect(notHost.body.code).toBe('FORBIDDEN');
  });

  it('hosts the demo game (made by the system, no host), as the demo accounts page says', async () => {
    const seeded = await t.app.get(LiveGameService).seedDemoLiveGame(d1BankId);
    expect(seeded).not.toBeNull();
    const sockets = new Sockets();
    try {
      const socket = sockets.connect(t.baseUrl, host.token);
      await connected(socket);
      await ok(call(socket, 'host:open', { gameId: seeded!.gameId }));
    } finally {
      sockets.closeAll();
    }
  });

  it('refuses the live socket to a host whose password was reset until it is changed, as over HTTP', async () => {
    const resetHost = await createUser(t, { username: 'quan.tro.quen', roles: ['host'], unitId: units.d1! });
    const admin = await createUser(t, { username: 'qt.admin', roles: ['admin'], unitId: units.city! });
    const reset = await t.http.post(`/api/v1/users/${resetHost.id}/password-reset`).set(auth(admin)).expect(200);
    const signedIn = await t.http
      .post('/api/v1/auth/login')
      .send({ username: resetHost.username, password: reset.body.temporaryPassword })
      .expect(200);
    const sockets = new Sockets();
    try {
      for (const [token, code] of [
        [resetHost.token, 'TOKEN_REVOKED'],
        [signedIn.body.accessToken as string, 'PASSWORD_CHANGE_REQUIRED'],
      ]) {
        const error = await connected(sockets.connect(t.baseUrl, token)).then(
          () => null,
          (e: { data?: { code: string } }) => e,
        );
        expect(error?.data?.code).toBe(code);
      }
    } finally {
      sockets.closeAll();
    }
  });

  it('stops a host demoted while their socket is open at their next command', async () => {
    const demoted = await createUser(t, { username: 'quan.tro.bi.ha', roles: ['host'], unitId: units.d1! });
    const admin = await createUser(t, { username: 'qt.admin.2', roles: ['admin'], unitId: units.city! });
    const gameId = (await createGame(demoted, d1BankId).expect(201)).body.gameId as string;
    const sockets = new Sockets();
    try {
      const socket = sockets.connect(t.baseUrl, demoted.token);
      await connected(socket);
      await ok(call(socket, 'host:open', { gameId }));
      await t.http
        .patch(`/api/v1/users/${demoted.id}/roles`)
        .set(auth(admin))
        .send({ roles: ['participant'] })
        .expect(200);
      expect(await errorCode(call(socket, 'host:start', { gameId }))).toBe('TOKEN_REVOKED');
    } finally {
      sockets.closeAll();
    }
  });

  it('does not let one host open another host’s game', async () => {
    const gameId = (await createGame(host, d1BankId).expect(201)).body.gameId as string;
    const otherHost = await createUser(t, { username: 'quan.tro.khac', roles: ['host'], unitId: units.d1! });
    expect((await t.http.get(`/api/v1/live-games/${gameId}`).set(auth(otherHost)).expect(403)).body.code).toBe(
      'FORBIDDEN',
    );
  });
});
