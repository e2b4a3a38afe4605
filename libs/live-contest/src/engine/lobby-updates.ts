import { Injectable, Logger } from '@nestjs/common';
import { LiveBroadcaster } from '../live.broadcaster.js';
import { LiveSettings } from '../live-settings.js';
import { LiveStateStore } from '../state/live-state.store.js';

/** The host's lobby view, coalesced: 10,000 joins make a few dozen `lobby:update` messages, not 10,000. */
@Injectable()
export class LobbyUpdates {
  private readonly logger = new Logger('LiveGameEngine');
  private readonly lobby = new Map<string, { joined: { playerId: string; nickname: string }[]; left: string[] }>();
  private lobbyTimer: NodeJS.Timeout | null = null;
  /** Set when the instance shuts down: the sockets it closes leave their lobbies, with no one left to tell. */
  private stopped = false;

  constructor(
    private readonly store: LiveStateStore,
    private readonly out: LiveBroadcaster,
    private readonly settings: LiveSettings,
  ) {}

  changed(gameId: string, joined?: { playerId: string; nickname: string }, left?: string): void {
    let pending = this.lobby.get(gameId);
    if (!pending) this.lobby.set(gameId, (pending = { joined: [], left: [] }));
    if (joined) pending.joined.push(joined);
    if (left) pending.left.push(left);
    if (this.lobbyTimer || this.stopped) return;
    this.lobbyTimer = setTimeout(() => {
      this.lobbyTimer = null;
      const batches = [...this.lobby.entries()];
      this.lobby.clear();
      for (const [id, batch] of batches) {
        this.store.playerCount(id).then(
          (playerCount) => this.out.toHost(id, 'lobby:update', { playerCount, joined: batch.joined, left: batch.left }),
          (error: unknown) => this.logger.error({ err: error, gameId: id }, 'sending a lobby update failed'),
        );
      }
    }, this.settings.lobbyUpdateMs);
    this.lobbyTimer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.lobbyTimer) clearTimeout(this.lobbyTimer);
  }
}
