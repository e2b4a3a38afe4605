import { Injectable } from '@nestjs/common';
import { Clock } from '#core';
import { LiveBroadcaster } from '../live.broadcaster.js';
import { LiveGameRepository } from '../live-game.repository.js';
import { compareStanding, competitionRanks } from '../scoring.js';
import { type LivePlayerRecord, LiveStateStore } from '../state/live-state.store.js';
import { GameSnapshots } from './game-snapshots.js';
import { LiveGameCatalog } from './live-game-catalog.js';
import { leaderRows } from './question-results.js';

const PODIUM = 3;

/**
 * A game's end: it ends once, its final ranking goes to PostgreSQL (removed players kept, rank 0, with the join
 * order), the podium and the new state go out, and every instance is told.
 */
@Injectable()
export class GameEnding {
  constructor(
    private readonly games: LiveGameCatalog,
    private readonly snapshots: GameSnapshots,
    private readonly store: LiveStateStore,
    private readonly repository: LiveGameRepository,
    private readonly out: LiveBroadcaster,
    private readonly clock: Clock,
  ) {}

  async endGame(gameId: string): Promise<void> {
    const moved = await this.games.mutate(gameId, (rt) =>
      rt.status === 'ended'
        ? null
        : { ...rt, status: 'ended', paused: false, pausedAt: 0, endedAt: this.clock.nowMs() },
    );
    if (!moved) return;
    const standing = await this.persistResults(gameId, moved.after.endedAt);
    this.out.toGame(gameId, 'game:ended', { podium: leaderRows(standing, PODIUM), playerCount: standing.length });
    await this.snapshots.broadcastState(gameId, moved.after);
    this.out.sync({ type: 'ended', gameId });
  }

  async persistResults(gameId: string, endedAt: number): Promise<LivePlayerRecord[]> {
    const players = await this.store.listPlayers(gameId);
    const joinOrder = new Map([...players].sort((a, b) => a.seq - b.seq).map((p, i) => [p.id, i + 1]));
    const standing = players.filter((p) => !p.kicked).sort(compareStanding);
    const ranks = competitionRanks(standing);
    const row = (p: LivePlayerRecord, rank: number) => ({
      id: p.id,
      userId: p.userId ?? null,
      nickname: p.nickname,
      rank,
      score: p.score,
      correctCount: p.correctCount,
      correctTimeMs: p.correctTimeMs,
      kicked: p.kicked,
      joinOrder: joinOrder.get(p.id)!,
    });
    const rows = [
      ...standing.map((p, i) => row(p, ranks[i]!)),
      ...players.filter((p) => p.kicked).map((p) => row(p, 0)),
    ];
    await this.repository.saveFinalRanking(gameId, new Date(endedAt), rows);
    return standing;
  }
}
