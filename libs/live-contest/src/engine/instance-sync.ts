import { Injectable, Logger } from '@nestjs/common';
import { LiveBroadcaster, type LiveSync } from '../live.broadcaster.js';
import { LiveStateStore } from '../state/live-state.store.js';
import { EndedGameRetention } from './ended-game-retention.js';
import { GameSnapshots } from './game-snapshots.js';
import { LiveGameCatalog } from './live-game-catalog.js';
import { MissedResults } from './missed-results.js';
import { QuestionClock } from './question-clock.js';
import { QuestionResults } from './question-results.js';

/**
 * What an instance does with a message from another instance (or itself): arm a question's close, send its own
 * sockets' part of the results, drop a kicked player's socket, resend a player's state, let an ended game go.
 */
@Injectable()
export class InstanceSync {
  private readonly logger = new Logger('LiveGameEngine');

  constructor(
    private readonly games: LiveGameCatalog,
    private readonly snapshots: GameSnapshots,
    private readonly questionClock: QuestionClock,
    private readonly results: QuestionResults,
    private readonly missed: MissedResults,
    private readonly retention: EndedGameRetention,
    private readonly store: LiveStateStore,
    private readonly out: LiveBroadcaster,
  ) {}

  /** A message from another instance (or this one): applied, and a failure logged (nobody awaits it). */
  onSync(msg: LiveSync): void {
    this.applySync(msg).catch((error: unknown) =>
      this.logger.error({ err: error, gameId: msg.gameId, type: msg.type }, 'applying a live sync message failed'),
    );
  }

  private async applySync(msg: LiveSync): Promise<void> {
    switch (msg.type) {
      case 'question':
        this.missed.seenOpen(msg.gameId, msg.index);
        this.questionClock.armClose(msg.gameId, msg.index, msg.closesAt);
        return;
      case 'results':
        await this.results.deliver(msg);
        return;
      case 'kick': {
        const socket = this.out.localPlayer(msg.gameId, msg.playerId);
        if (!socket) return;
        socket.emit('player:kicked', { code: 'PLAYER_KICKED', message: 'Bạn đã bị mời ra khỏi trò chơi.' });
        this.out.unregister(socket);
        socket.disconnect(true);
        return;
      }
      case 'player-state': {
        const socket = this.out.localPlayer(msg.gameId, msg.playerId);
        if (!socket) return;
        const config = await this.games.config(msg.gameId);
        const player = await this.store.getPlayer(msg.gameId, msg.playerId);
        socket.emit('game:state', await this.snapshots.snapshot(config, await this.games.runtime(msg.gameId), player));
        return;
      }
      case 'ended':
        this.retention.ended(msg.gameId);
        return;
    }
  }
}
