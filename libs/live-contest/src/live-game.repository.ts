import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { LiveGame, type LiveGameSettings } from './entities/live-game.entity.js';
import { LivePlayer } from './entities/live-player.entity.js';

export interface NewLiveGame {
  pin: string;
  title: string;
  hostUserId: string | null;
  bankId: string;
  settings: LiveGameSettings;
  questionVersionIds: string[];
}

export interface FinalPlayerRow {
  id: string;
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

  /** A game any organizer may host, by title (the demo seed must not create it twice). */
  async findSharedByTitle(title: string): Promise<LiveGame | null> {
    return this.dataSource.manager
      .createQueryBuilder(LiveGame, 'g')
      .where('g.title = :title AND g.hostUserId IS NULL', { title })
      .getOne();
  }
}
