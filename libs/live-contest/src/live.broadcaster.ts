import { Inject, Injectable } from '@nestjs/common';
import type { Namespace, Socket } from 'socket.io';
import type { LiveClientToServerEvents, LiveGameState, LiveLeaderboard, LiveServerToClientEvents } from '#contracts';
import { APP_CONFIG, type AppConfig } from '#core';
import { LiveSettings } from './live-settings.js';

/** What a socket carries between events: who it is (kept small: 10,000 of these per game). */
export interface LiveSocketData {
  /** From the handshake's token; `authzVersion` lets each host command check the account was not changed since. */
  principal?: { userId: string; roles: string[]; authzVersion: number };
  address: string;
  gameId?: string;
  playerId?: string;
  hostGameId?: string;
  /** The PIN this socket was refused a join to as RATE_LIMITED and is still trying (the host sees it waiting). */
  waitingPin?: string;
}

export type LiveNamespace = Namespace<LiveClientToServerEvents, LiveServerToClientEvents, object, LiveSocketData>;
export type LiveSocket = Socket<LiveClientToServerEvents, LiveServerToClientEvents, object, LiveSocketData>;

/** A question's close, for every instance to send its own sockets: own results, the top 10, the host's new state. */
export interface ResultsSync {
  type: 'results';
  gameId: string;
  index: number;
  leaderboard: LiveLeaderboard;
  state: LiveGameState;
}

/** Messages between instances (through the Redis adapter); on one machine they are delivered in-process. */
export type LiveSync =
  | { type: 'question'; gameId: string; index: number; closesAt: number }
  | ResultsSync
  | { type: 'kick'; gameId: string; playerId: string }
  | { type: 'player-state'; gameId: string; playerId: string }
  | { type: 'ended'; gameId: string };

/** The instance-to-instance side of a namespace (socket.io types it by the inter-server event map). */
interface ServerSide {
  on(event: 'live:sync', listener: (msg: LiveSync) => void): void;
  serverSideEmit(event: 'live:sync', msg: LiveSync): void;
}

export const gameRoom = (gameId: string) => `game:${gameId}`;
export const hostRoom = (gameId: string) => `game:${gameId}:host`;

/**
 * The one way out: typed room broadcasts (each sent once to the room, never per player), each player's own
 * messages to that player's local socket, instance-to-instance sync, and the slow-consumer guard.
 */
@Injectable()
export class LiveBroadcaster {
  private nsp: LiveNamespace | null = null;
  private syncHandler: ((msg: LiveSync) => void) | null = null;
  /** Local player sockets by game, then by player id (the latest connection of a player wins). */
  private readonly players = new Map<string, Map<string, LiveSocket>>();
  /** Games whose host socket is connected to this instance. */
  private readonly hosts = new Map<string, Set<LiveSocket>>();
  slowConsumersDropped = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: LiveSettings,
  ) {}

  attach(nsp: LiveNamespace, onSync: (msg: LiveSync) => void): void {
    this.nsp = nsp;
    this.syncHandler = onSync;
    if (this.config.redisUrl) (nsp as unknown as ServerSide).on('live:sync', onSync);
  }

  get attached(): boolean {
    return this.nsp !== null;
  }

  /** Delivers to this instance and, with Redis, to every other one. */
  sync(msg: LiveSync): void {
    this.syncHandler?.(msg);
    this.syncOthers(msg);
  }

  /** Delivers to every other instance only (the caller does this instance's part itself). */
  syncOthers(msg: LiveSync): void {
    if (this.config.redisUrl && this.nsp) (this.nsp as unknown as ServerSide).serverSideEmit('live:sync', msg);
  }

  toGame<E extends keyof LiveServerToClientEvents>(
    gameId: string,
    event: E,
    ...args: Parameters<LiveServerToClientEvents[E]>
  ): void {
    this.nsp?.to([gameRoom(gameId), hostRoom(gameId)]).emit(event, ...args);
  }

  /**
   * To this instance's sockets of a game only — players and host (`game`) or the host alone (`host`): each instance
   * sends its own sockets' part of a question's close.
   */
  toLocal<E extends keyof LiveServerToClientEvents>(
    gameId: string,
    audience: 'game' | 'host',
    event: E,
    ...args: Parameters<LiveServerToClientEvents[E]>
  ): void {
    const rooms = audience === 'game' ? [gameRoom(gameId), hostRoom(gameId)] : [hostRoom(gameId)];
    this.nsp?.local.to(rooms).emit(event, ...args);
  }

  toHost<E extends keyof LiveServerToClientEvents>(
    gameId: string,
    event: E,
    ...args: Parameters<LiveServerToClientEvents[E]>
  ): void {
    this.nsp?.to(hostRoom(gameId)).emit(event, ...args);
  }

  registerPlayer(socket: LiveSocket, gameId: string, playerId: string): void {
    let game = this.players.get(gameId);
    if (!game) this.players.set(gameId, (game = new Map()));
    const previous = game.get(playerId);
    if (previous && previous !== socket) {
      // The same player on a second connection (a reload that beat the old socket's timeout): the new one wins.
      previous.data.playerId = undefined;
      previous.disconnect(true);
    }
    game.set(playerId, socket);
    socket.data.gameId = gameId;
    socket.data.playerId = playerId;
    void socket.join(gameRoom(gameId));
  }

  registerHost(socket: LiveSocket, gameId: string): void {
    if (socket.data.hostGameId && socket.data.hostGameId !== gameId) this.unregister(socket);
    let set = this.hosts.get(gameId);
    if (!set) this.hosts.set(gameId, (set = new Set()));
    set.add(socket);
    socket.data.hostGameId = gameId;
    void socket.join(hostRoom(gameId));
  }

  unregister(socket: LiveSocket): void {
    const { gameId, playerId, hostGameId } = socket.data;
    if (gameId && playerId) {
      const game = this.players.get(gameId);
      if (game?.get(playerId) === socket) game.delete(playerId);
      if (game?.size === 0) this.players.delete(gameId);
    }
    if (hostGameId) {
      const set = this.hosts.get(hostGameId);
      set?.delete(socket);
      if (set?.size === 0) this.hosts.delete(hostGameId);
      void socket.leave(hostRoom(hostGameId));
    }
  }

  localPlayers(gameId: string): ReadonlyMap<string, LiveSocket> {
    return this.players.get(gameId) ?? new Map();
  }

  localPlayer(gameId: string, playerId: string): LiveSocket | undefined {
    return this.players.get(gameId)?.get(playerId);
  }

  /** Games with a player's or the host's socket connected here. */
  localGames(): string[] {
    return [...new Set([...this.players.keys(), ...this.hosts.keys()])];
  }

  /** Games whose host is connected here (this instance keeps their heartbeat). */
  hostedGames(): string[] {
    return [...this.hosts.keys()];
  }

  forgetGame(gameId: string): void {
    this.players.delete(gameId);
    this.hosts.delete(gameId);
  }

  /** Local connections, for the metrics gauge. */
  get connectionCount(): number {
    return this.nsp?.sockets.size ?? 0;
  }

  /**
   * Backpressure: a socket that does not read its messages makes the server buffer them. Any socket over the limits
   * is cut (its player can resume with the token); memory per socket stays bounded. Runs on every tick and after
   * each large broadcast; a pass over 10,000 sockets takes about a millisecond.
   */
  dropSlowConsumers(): number {
    if (!this.nsp) return 0;
    let dropped = 0;
    for (const socket of this.nsp.sockets.values()) {
      if (isSlow(socket, this.settings.slowConsumerBytes, this.settings.slowConsumerPackets)) {
        dropped++;
        const conn = socket.conn as unknown as { transport?: { socket?: { terminate?: () => void } } };
        socket.disconnect(true);
        // A close handshake would wait for a peer that does not read: free its buffers now.
        conn.transport?.socket?.terminate?.();
      }
    }
    this.slowConsumersDropped += dropped;
    return dropped;
  }
}

/**
 * Bytes and packets queued for a socket and not yet taken by the network: engine.io's own write buffer (packets held
 * while the transport waits for the previous write) plus what the websocket has not flushed. Counting stops at
 * `stopAt` bytes, so a check costs little even for a socket far behind.
 */
export function pendingOf(socket: Socket, stopAt = Number.POSITIVE_INFINITY): { bytes: number; packets: number } {
  const conn = socket.conn as unknown as {
    writeBuffer?: { data?: unknown }[];
    transport?: { socket?: { bufferedAmount?: number } };
  };
  const buffer = conn.writeBuffer ?? [];
  let bytes = conn.transport?.socket?.bufferedAmount ?? 0;
  for (let i = 0; i < buffer.length && bytes <= stopAt; i++) {
    const data = buffer[i]!.data;
    bytes += typeof data === 'string' ? data.length : ((data as { byteLength?: number } | undefined)?.byteLength ?? 0);
  }
  return { packets: buffer.length, bytes };
}

function isSlow(socket: Socket, maxBytes: number, maxPackets: number): boolean {
  const { bytes, packets } = pendingOf(socket, maxBytes);
  return bytes > maxBytes || packets > maxPackets;
}
