import { Injectable } from '@nestjs/common';
import { Clock } from '#core';
import { ContestRepository } from '../contest.repository.js';
import type { ContestRound } from '../entities/contest-round.entity.js';

const ROUND_TTL_MS = 2_000;
/** A unit moved to another parent decides the rounds open to its people by its new place within this time. */
const UNIT_PATH_TTL_MS = 60_000;

/** Reads kept as promises for a while, so the concurrent starts of a rush share one query; a failed read is dropped. */
class KeptReads<T> {
  private readonly hits = new Map<string, { at: number; value: Promise<T> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: Clock,
    private readonly read: (key: string) => Promise<T>,
  ) {}

  get(key: string): Promise<T> {
    const hit = this.hits.get(key);
    if (hit && this.clock.nowMs() - hit.at < this.ttlMs) return hit.value;
    const value = this.read(key);
    this.hits.set(key, { at: this.clock.nowMs(), value });
    value.catch(() => this.hits.delete(key));
    return value;
  }

  forget(key: string): void {
    this.hits.delete(key);
  }
}

/**
 * What a start reads from memory instead of the database during an opening rush: the round (for ROUND_TTL_MS; a
 * change made here is forgotten at once, on the other instances within that time) and the participant's unit path.
 */
@Injectable()
export class RoundCache {
  private readonly rounds: KeptReads<ContestRound | null>;
  private readonly unitPaths: KeptReads<string | null>;

  constructor(repo: ContestRepository, clock: Clock) {
    this.rounds = new KeptReads(ROUND_TTL_MS, clock, (roundId) => repo.findRound(roundId));
    this.unitPaths = new KeptReads(UNIT_PATH_TTL_MS, clock, (unitId) => repo.unitPath(unitId));
  }

  round(roundId: string): Promise<ContestRound | null> {
    return this.rounds.get(roundId);
  }

  forgetRound(roundId: string): void {
    this.rounds.forget(roundId);
  }

  unitPath(unitId: string): Promise<string | null> {
    return this.unitPaths.get(unitId);
  }
}
