import { type BeforeApplicationShutdown, Injectable, type OnModuleInit } from '@nestjs/common';
import type { HostView, LiveGameState, PlayerAnswerPayload, PlayerAnswerResult, PlayerJoinResult } from '#contracts';
import { JoinRateLimiter } from './join-rate-limiter.js';
import type { LiveSocket, LiveSync } from './live.broadcaster.js';
import { AnswerIntake } from './engine/answer-intake.js';
import { GameDriver } from './engine/game-driver.js';
import { HostCommands, type HostPrincipal } from './engine/host-commands.js';
import { InstanceSync } from './engine/instance-sync.js';
import { LiveGameCatalog } from './engine/live-game-catalog.js';
import { LobbyUpdates } from './engine/lobby-updates.js';
import { PlayerJoins } from './engine/player-joins.js';
import { QuestionClock } from './engine/question-clock.js';
import type { LiveGameConfig } from './state/live-state.store.js';

export type { HostPrincipal } from './engine/host-commands.js';

/**
 * The running side of live games, as the gateway and the service see it: joining, answering, the host's commands,
 * messages between instances and the clock, each rule in its own file under `engine/`. Every decision goes through
 * the LiveStateStore (atomic in both adapters), so any instance may take any event; one instance at a time (the lease
 * holder) watches each game's clock, and any instance finishes a question whose driver died.
 */
@Injectable()
export class LiveGameEngine implements OnModuleInit, BeforeApplicationShutdown {
  constructor(
    private readonly games: LiveGameCatalog,
    private readonly joins: PlayerJoins,
    private readonly intake: AnswerIntake,
    private readonly host: HostCommands,
    private readonly instances: InstanceSync,
    private readonly driver: GameDriver,
    private readonly lobby: LobbyUpdates,
    private readonly questionClock: QuestionClock,
    readonly joinLimiter: JoinRateLimiter,
  ) {}

  get instanceId(): string {
    return this.driver.instanceId;
  }

  onModuleInit(): Promise<void> {
    return this.driver.start();
  }

  /** Before the socket server and the Redis connections close (Nest closes them before its shutdown hooks). */
  beforeApplicationShutdown(): void {
    this.driver.stop();
    this.lobby.stop();
    this.questionClock.stop();
  }

  /** The game's config, loading a game that is still in the lobby from PostgreSQL into the store when needed. */
  config(gameId: string): Promise<LiveGameConfig> {
    return this.games.config(gameId);
  }

  join(
    socket: LiveSocket,
    payload: { pin: string; nickname: string; resumeToken?: string },
  ): Promise<PlayerJoinResult> {
    return this.joins.join(socket, payload);
  }

  answer(socket: LiveSocket, payload: PlayerAnswerPayload, receivedAt: number): Promise<PlayerAnswerResult> {
    return this.intake.answer(socket, payload, receivedAt);
  }

  onDisconnect(socket: LiveSocket): void {
    this.joins.leave(socket);
  }

  hostOpen(socket: LiveSocket, gameId: string): Promise<HostView> {
    return this.host.hostOpen(socket, gameId);
  }

  hostStart(socket: LiveSocket, gameId?: string): Promise<LiveGameState> {
    return this.host.hostStart(socket, gameId);
  }

  hostNext(socket: LiveSocket, gameId?: string): Promise<LiveGameState> {
    return this.host.hostNext(socket, gameId);
  }

  hostPause(socket: LiveSocket, gameId?: string): Promise<LiveGameState> {
    return this.host.hostPause(socket, gameId);
  }

  hostResume(socket: LiveSocket, gameId?: string): Promise<LiveGameState> {
    return this.host.hostResume(socket, gameId);
  }

  hostEnd(socket: LiveSocket, gameId?: string): Promise<LiveGameState> {
    return this.host.hostEnd(socket, gameId);
  }

  hostKick(socket: LiveSocket, playerId: string): Promise<{ playerId: string }> {
    return this.host.hostKick(socket, playerId);
  }

  hostExtraTime(socket: LiveSocket, playerId: string, seconds: number) {
    return this.host.hostExtraTime(socket, playerId, seconds);
  }

  /** The same as the host:extra-time event, for the REST route. */
  extraTimeByPrincipal(principal: HostPrincipal, gameId: string, playerId: string, seconds: number) {
    return this.host.extraTimeByPrincipal(principal, gameId, playerId, seconds);
  }

  onSync(msg: LiveSync): void {
    this.instances.onSync(msg);
  }

  tick(): Promise<void> {
    return this.driver.tick();
  }
}
