import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { PlayerJoinResult } from '#contracts';
import { AppError, Clock, TokenService } from '#core';
import { JoinRateLimiter } from '../join-rate-limiter.js';
import { LiveBroadcaster, type LiveSocket } from '../live.broadcaster.js';
import { normalizeNickname } from '../nickname.js';
import {
  type LiveGameConfig,
  type LiveGameRuntime,
  type LivePlayerRecord,
  LiveStateStore,
} from '../state/live-state.store.js';
import { GameSnapshots } from './game-snapshots.js';
import { LiveGameCatalog } from './live-game-catalog.js';
import { LobbyUpdates } from './lobby-updates.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Who plays: a join (rate-limited per address, nickname normalized, capacity and look-alike names checked by the
 * store) and its resume token, a resume by that token (refused once kicked), and a socket leaving.
 */
@Injectable()
export class PlayerJoins {
  constructor(
    private readonly games: LiveGameCatalog,
    private readonly snapshots: GameSnapshots,
    private readonly lobby: LobbyUpdates,
    private readonly store: LiveStateStore,
    private readonly out: LiveBroadcaster,
    private readonly clock: Clock,
    private readonly joinLimiter: JoinRateLimiter,
    private readonly tokens: TokenService,
  ) {}

  /**
   * The account a join is for: the one whose access token the socket's handshake carried (verified there, as over
   * HTTP: a bad or expired token never connects), checked again here in memory (disabled or changed since); null
   * for a guest. No database read: the 10,000-player join path stays as it was.
   */
  private accountOf(socket: LiveSocket): string | null {
    const principal = socket.data.principal;
    if (!principal) return null;
    this.tokens.assertStillAllowed(principal.userId, principal.authzVersion);
    return principal.userId;
  }

  async join(
    socket: LiveSocket,
    payload: { pin: string; nickname: string; resumeToken?: string },
  ): Promise<PlayerJoinResult> {
    if (!(await this.joinLimiter.tryTake(socket.data.address, this.clock.nowMs()))) {
      // The portal retries by itself: the host is told how many are waiting to get in.
      socket.data.waitingPin = payload.pin;
      await this.joinLimiter.noteRefused(payload.pin, socket.id, this.clock.nowMs());
      throw new AppError('RATE_LIMITED');
    }
    this.settleWaiting(socket);
    const { config, runtime } = await this.games.gameToJoin(payload.pin);
    if (runtime.status === 'ended') throw new AppError('GAME_STATE_INVALID');

    if (payload.resumeToken) return this.resume(socket, config, runtime, payload.resumeToken);

    const userId = this.accountOf(socket);
    const nickname = normalizeNickname(payload.nickname);
    // 122 random bits from node's pooled UUID source: one randomBytes call per join was 2.5 % of a 10,000-player join.
    const secret = randomUUID().replaceAll('-', '');
    const player: LivePlayerRecord = {
      id: randomUUID(),
      seq: this.clock.nowMs() * 1000 + Math.floor(Math.random() * 1000),
      nickname,
      tokenHash: sha256(secret),
      score: 0,
      streak: 0,
      correctCount: 0,
      correctTimeMs: 0,
      extraMs: 0,
      kicked: false,
      last: null,
    };
    if (userId) player.userId = userId;
    const added = await this.store.addPlayer(config.gameId, player, config.maxPlayers);
    if (!added.ok) throw new AppError(added.code);
    if (added.ok === 'rejoined') {
      // The account's player already in the game (another tab, a phone that lost its resume token): that slot, with
      // the new token; the old one no longer resumes.
      const held = (await this.store.getPlayer(config.gameId, added.playerId))!;
      this.out.registerPlayer(socket, config.gameId, held.id);
      return {
        playerId: held.id,
        resumeToken: `${held.id}.${secret}`,
        signedIn: true,
        state: await this.snapshots.snapshot(config, runtime, held),
      };
    }
    this.out.registerPlayer(socket, config.gameId, player.id);
    this.lobby.changed(config.gameId, { playerId: player.id, nickname });
    return {
      playerId: player.id,
      resumeToken: `${player.id}.${secret}`,
      signedIn: userId !== null,
      state: await this.snapshots.snapshot(config, runtime, player, added.playerCount),
    };
  }

  private async resume(
    socket: LiveSocket,
    config: LiveGameConfig,
    runtime: LiveGameRuntime,
    token: string,
  ): Promise<PlayerJoinResult> {
    const [playerId, secret] = token.split('.');
    const player = playerId && secret ? await this.store.getPlayer(config.gameId, playerId) : null;
    const expected = player ? Buffer.from(player.tokenHash, 'hex') : null;
    const given = Buffer.from(sha256(secret ?? ''), 'hex');
    if (!player || !expected || !timingSafeEqual(expected, given)) throw new AppError('TOKEN_INVALID');
    if (player.kicked) throw new AppError('PLAYER_KICKED');
    // A resume keeps the player's account as it joined: a guest's token does not become someone's by resuming on a
    // signed-in socket, nor a signed-in player's a guest's.
    this.out.registerPlayer(socket, config.gameId, player.id);
    return {
      playerId: player.id,
      resumeToken: token,
      signedIn: Boolean(player.userId),
      state: await this.snapshots.snapshot(config, runtime, player),
    };
  }

  leave(socket: LiveSocket): void {
    this.settleWaiting(socket);
    this.out.unregister(socket);
  }

  /** A socket that was waiting got past the limit (or left): no longer counted as waiting. */
  private settleWaiting(socket: LiveSocket): void {
    const pin = socket.data.waitingPin;
    if (!pin) return;
    socket.data.waitingPin = undefined;
    void this.joinLimiter.noteSettled(pin, socket.id).catch(() => undefined);
  }
}
