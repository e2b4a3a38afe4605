import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { inSubtreeSql, UNITS_SQL } from '#identity';
import { LiveGame, type LiveGameSettings } from './entities/live-game.entity.js';
import { LivePlayer } from './entities/live-player.entity.js';

export interface NewLiveGame {
  pin: string;
  title: string;
  hostUserId: string | null;
  unitId: string | null;
  bankId: string;
  settings: LiveGameSettings;
  questionVersionIds: string[];
}

export interface FinalPlayerRow {
  id: string;
  userId: string | null;
  nickname: string;
  rank: number;
  score: number;
  correctCount: number;
  correctTimeMs: number;
  kicked: boolean;
  joinOrder: number;
}

const UNIQUE_VIOLATION = '23505';

/** The only door to live_game and live_player. */
@Injectable()
export class LiveGameRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inserts the game; null when the PIN is taken by a game that is not over (the caller draws another). */
  async insertGame(game: NewLiveGame): Promise<LiveGame | null> {
    try {
      const row = this.dataSource.manager.create(LiveGame, { ...game, status: 'lobby' });
      return await this.dataSource.manager.save(LiveGame, row);
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return null;
      throw error;
    }
  }

  findById(id: string): Promise<LiveGame | null> {
    return this.dataSource.manager.findOneBy(LiveGame, { id });
  }

  async findOpenByPin(pin: string): Promise<LiveGame | null> {
    return this.dataSource.manager
      .createQueryBuilder(LiveGame, 'g')
      .where('g.pin = :pin', { pin })
      .andWhere("g.status <> 'ended'")
      .getOne();
  }

  async markRunning(id: string, at: Date): Promise<void> {
    await this.dataSource.manager.update(LiveGame, { id, status: 'lobby' }, { status: 'running', startedAt: at });
  }

  /**
   * Ends the games whose running state is gone (all running ones, or the one given) as interrupted; the PIN is free
   * again. Returns the ids changed.
   */
  async markInterrupted(at: Date, gameId?: string): Promise<string[]> {
    const rows: [{ id: string }[], number] = await this.dataSource.query(
      `UPDATE live_game SET status = 'ended', ended_at = $1, interrupted_at = $1
       WHERE status = 'running' AND ($2::uuid IS NULL OR id = $2) RETURNING id`,
      [at, gameId ?? null],
    );
    return rows[0].map((r) => r.id);
  }

  /** Whether the last game with this PIN, interrupted after `since`, is what a player is looking for. */
  async interruptedWithPin(pin: string, since: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM live_game WHERE pin = $1 AND interrupted_at > $2 LIMIT 1',
      [pin, since],
    );
    return rows.length > 0;
  }

  /**
   * Writes the full ranking and closes the game in one transaction. Idempotent: a second call (a driver that took
   * over after the first one died half-way) changes nothing.
   */
  async saveFinalRanking(gameId: string, endedAt: Date, players: FinalPlayerRow[]): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const updated = await manager
        .createQueryBuilder()
        .update(LiveGame)
        .set({ status: 'ended', endedAt, playerCount: players.filter((p) => !p.kicked).length })
        .where("id = :gameId AND status <> 'ended'", { gameId })
        .execute();
      if (!updated.affected) return false;
      for (let i = 0; i < players.length; i += 1000) {
        const chunk = players.slice(i, i + 1000).map((p) => ({ ...p, gameId }));
        await manager.createQueryBuilder().insert().into(LivePlayer).values(chunk).orIgnore().execute();
      }
      return true;
    });
  }

  /** The full ranking in order: ranked players first, removed players last. */
  listRanking(gameId: string): Promise<LivePlayer[]> {
    return this.dataSource.manager
      .createQueryBuilder(LivePlayer, 'p')
      .where('p.gameId = :gameId', { gameId })
      .orderBy('p.kicked', 'ASC')
      .addOrderBy('p.rank', 'ASC')
      .addOrderBy('p.correctTimeMs', 'ASC')
      .addOrderBy('p.joinOrder', 'ASC')
      .getMany();
  }

  /**
   * Games a host may open, newest first: every game for an administrator (`hostUserId` null), otherwise their own and
   * the shared ones (made by the system, no host).
   */
  listHostable(hostUserId: string | null, offset: number, limit: number): Promise<[LiveGame[], number]> {
    const query = this.dataSource.manager.createQueryBuilder(LiveGame, 'g');
    if (hostUserId) query.where('(g.hostUserId = :hostUserId OR g.hostUserId IS NULL)', { hostUserId });
    return query.orderBy('g.createdAt', 'DESC').addOrderBy('g.id', 'ASC').skip(offset).take(limit).getManyAndCount();
  }

  /** A game by title (the demo seed's finished game must not be created twice). */
  findByTitle(title: string): Promise<LiveGame | null> {
    return this.dataSource.manager.findOneBy(LiveGame, { title });
  }

  /** A game any organizer may host, by title (the demo seed must not create it twice). */
  async findSharedByTitle(title: string): Promise<LiveGame | null> {
    return this.dataSource.manager
      .createQueryBuilder(LiveGame, 'g')
      .where('g.title = :title AND g.hostUserId IS NULL', { title })
      .getOne();
  }

  /**
   * The final ranking's first `topN` places (ties at the last included; all when null), removed players left out, in
   * ranking order: each place's account (null: a guest), rank and score.
   */
  topOfRanking(gameId: string, topN: number | null): Promise<{ userId: string | null; rank: number; score: number }[]> {
    return this.dataSource.query(
      `SELECT user_id AS "userId", rank, score FROM live_player
       WHERE game_id = $1 AND NOT kicked AND ($2::int IS NULL OR rank <= $2)
       ORDER BY rank, correct_time_ms, join_order`,
      [gameId, topN],
    );
  }

  /**
   * Games that ended with results (not interrupted), newest first, of a unit in the subtree whose path starts with
   * `pathPrefix` (null: all, the city's too), with how many were ranked and how many of them were signed in.
   */
  finishedInScope(pathPrefix: string | null, limit: number): Promise<FinishedGameRow[]> {
    return this.dataSource.query(
      `SELECT g.id, g.title, g.ended_at AS "endedAt", o.name AS "unitName",
         count(p.id) FILTER (WHERE NOT p.kicked)::int AS "playerCount",
         count(p.id) FILTER (WHERE NOT p.kicked AND p.user_id IS NOT NULL)::int AS "signedInCount"
       FROM live_game g
       LEFT JOIN ${UNITS_SQL} o ON o.id = g.unit_id
       LEFT JOIN live_player p ON p.game_id = g.id
       WHERE g.status = 'ended' AND g.interrupted_at IS NULL
         AND ($1::text IS NULL OR (o.path IS NOT NULL AND ${inSubtreeSql('o.path', '$1')}))
       GROUP BY g.id, o.name
       ORDER BY g.ended_at DESC, g.id
       LIMIT $2`,
      [pathPrefix, limit],
    );
  }
}

export interface FinishedGameRow {
  id: string;
  title: string;
  endedAt: Date;
  unitName: string | null;
  playerCount: number;
  signedInCount: number;
}
