import { UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { ERROR_MESSAGES, type HostView, LIVE_NAMESPACE, type LiveAck, type LiveGameState } from '#contracts';
import { AppError, assertWellFormedText, Clock, createValidationPipe, TokenService } from '#core';
import { clientAddress } from '../join-rate-limiter.js';
import { LiveBroadcaster, type LiveNamespace, type LiveSocket } from '../live.broadcaster.js';
import { LiveGameEngine } from '../live-game.engine.js';
import { LIVE_MAX_MESSAGE_BYTES } from '../live-settings.js';
import { errorAck, LiveExceptionFilter } from './live-exception.filter.js';
import { LiveHostGuard } from './live-host.guard.js';
import { HostCommandDto, HostExtraTimeDto, HostKickDto, HostOpenDto } from './live-events.dto.js';
import { parsePlayerAnswer, parsePlayerJoin } from './player-payloads.js';

const ok = <T>(data: T): LiveAck<T> => ({ ok: true, data });

/**
 * The `/live` namespace, websocket transport only. Thin: the handshake authenticates hosts and signed-in players, the pipe validates every
 * payload, the guard checks host events, the filter turns errors into acks, the engine decides. The players' events are
 * the exception: see `handleConnection`.
 */
@WebSocketGateway({
  namespace: LIVE_NAMESPACE,
  transports: ['websocket'],
  serveClient: false,
  maxHttpBufferSize: LIVE_MAX_MESSAGE_BYTES,
  perMessageDeflate: false,
})
@UseFilters(LiveExceptionFilter)
@UsePipes(createValidationPipe())
export class LiveGateway
  implements OnGatewayInit<LiveNamespace>, OnGatewayConnection<LiveSocket>, OnGatewayDisconnect<LiveSocket>
{
  constructor(
    private readonly engine: LiveGameEngine,
    private readonly out: LiveBroadcaster,
    private readonly tokens: TokenService,
    private readonly clock: Clock,
  ) {}

  afterInit(nsp: LiveNamespace): void {
    nsp.use((socket, next) => {
      socket.data.address = clientAddress(socket.handshake.address, socket.handshake.headers['x-forwarded-for']);
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (token === undefined || token === null || token === '') return next();
      if (typeof token !== 'string') return next(connectError(new AppError('TOKEN_INVALID')));
      this.tokens.verifyWithVersion(token).then(
        ({ principal, authzVersion }) => {
          // As over HTTP: a password reset by an organizer must be changed before anything else.
          if (principal.mustChangePassword) return next(connectError(new AppError('PASSWORD_CHANGE_REQUIRED')));
          socket.data.principal = { userId: principal.userId, roles: [...principal.roles], authzVersion };
          next();
        },
        (error: unknown) => next(connectError(error)),
      );
    });
    this.out.attach(nsp, (msg) => this.engine.onSync(msg));
  }

  /**
   * The players' events get plain listeners, not Nest's handler chain: every player joins within the same seconds
   * and answers within the same two, so the server may be busy, and an answer must be judged by when it arrived
   * (read here, before any check or await), never by when its turn came. Their payloads are checked by hand
   * (player-payloads.ts, same rules as the pipe); errors become the same acks as the filter's.
   */
  handleConnection(socket: LiveSocket): void {
    socket.use(refuseMalformedText);
    this.onPlayerEvent(socket, 'player:join', (payload) => this.engine.join(socket, parsePlayerJoin(payload)));
    this.onPlayerEvent(socket, 'player:answer', (payload, receivedAt) =>
      this.engine.answer(socket, parsePlayerAnswer(payload), receivedAt),
    );
  }

  /**
   * A player's event: the server's clock when it arrived, one payload, the handler's result or error as the ack. A
   * handler that throws before its first await is answered the same way as one that rejects.
   */
  private onPlayerEvent(
    socket: LiveSocket,
    event: 'player:join' | 'player:answer',
    handle: (payload: unknown, receivedAt: number) => Promise<unknown>,
  ): void {
    (socket as unknown as { on(event: string, listener: (...args: unknown[]) => void): void }).on(
      event,
      (...args: unknown[]) => {
        const receivedAt = this.clock.nowMs();
        const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (r: unknown) => void) : undefined;
        let handling: Promise<unknown>;
        try {
          if (args.length !== 1) throw new AppError('VALIDATION_FAILED');
          handling = handle(args[0], receivedAt);
        } catch (error) {
          handling = Promise.reject(error);
        }
        handling.then(
          (result) => ack?.(ok(result)),
          (error: unknown) => ack?.(errorAck(error)),
        );
      },
    );
  }

  handleDisconnect(socket: LiveSocket): void {
    this.engine.onDisconnect(socket);
  }

  @UseGuards(LiveHostGuard)
  @SubscribeMessage('host:open')
  async hostOpen(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: HostOpenDto): Promise<LiveAck<HostView>> {
    return ok(await this.engine.hostOpen(socket, body.gameId));
  }

  @UseGuards(LiveHostGuard)
  @SubscribeMessage('host:start')
  async hostStart(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: HostCommandDto,
  ): Promise<LiveAck<LiveGameState>> {
    return ok(await this.engine.hostStart(socket, body?.gameId));
  }

  @UseGuards(LiveHostGuard)
  @SubscribeMessage('host:next')
  async hostNext(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: HostCommandDto,
  ): Promise<LiveAck<LiveGameState>> {
    return ok(await this.engine.hostNext(socket, body?.gameId));
  }

  @UseGuards(LiveHostGuard)
  @SubscribeMessage('host:kick')
  async hostKick(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: HostKickDto,
  ): Promise<LiveAck<{ playerId: string }>> {
    return ok(await this.engine.hostKick(socket, body.playerId));
  }

  @UseGuards(LiveHostGuard)
  @SubscribeMessage('host:extra-time')
  async hostExtraTime(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: HostExtraTimeDto,
  ): Promise<LiveAck<{ playerId: string; extraTimeMs: number }>> {
    return ok(await this.engine.hostExtraTime(socket, body.playerId, body.seconds));
  }

  @UseGuards(LiveHostGuard)
  @SubscribeMessage('host:pause')
  async hostPause(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: HostCommandDto,
  ): Promise<LiveAck<LiveGameState>> {
    return ok(await this.engine.hostPause(socket, body?.gameId));
  }

  @UseGuards(LiveHostGuard)
  @SubscribeMessage('host:resume')
  async hostResume(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: HostCommandDto,
  ): Promise<LiveAck<LiveGameState>> {
    return ok(await this.engine.hostResume(socket, body?.gameId));
  }

  @UseGuards(LiveHostGuard)
  @SubscribeMessage('host:end')
  async hostEnd(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: HostCommandDto,
  ): Promise<LiveAck<LiveGameState>> {
    return ok(await this.engine.hostEnd(socket, body?.gameId));
  }
}

/**
 * Every event's payload, before any handler (the players' and the host's alike): a string holding NUL or a lone
 * surrogate anywhere is answered with VALIDATION_FAILED and the event goes no further.
 */
function refuseMalformedText(packet: unknown[], next: (error?: Error) => void): void {
  const args = packet.slice(1);
  const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (r: unknown) => void) : undefined;
  try {
    assertWellFormedText(args.length === 1 ? args[0] : args);
  } catch (error) {
    ack?.(errorAck(error));
    return;
  }
  next();
}

/**
 * A refused handshake: the client's connect_error carries the stable code and its Vietnamese message in `data`. A
 * token that does not verify (expired, forged, revoked) refuses the connection: a player is never let in as a guest
 * when they meant to play as themselves, nor as anyone else.
 */
function connectError(error: unknown): Error & { data: { code: string; message: string } } {
  const code = error instanceof AppError ? error.code : 'TOKEN_INVALID';
  return Object.assign(new Error(code), { data: { code, message: ERROR_MESSAGES[code].vi } });
}
