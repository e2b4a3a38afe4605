import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { inSubtreeSql, PEOPLE_SQL, UNITS_SQL } from '#identity';
import { ATTEMPTS_SQL } from '#quiz-engine';
import { Contest } from '../entities/contest.entity.js';
import { ContestRound } from '../entities/contest-round.entity.js';

export interface ManagedContestRow {
  id: string;
  title: string;
  description: string | null;
  unitName: string | null;
  createdAt: Date;
}

export interface ManagedRoundRow {
  id: string;
  contestId: string;
  title: string;
  status: 'open' | 'closed';
  opensAt: Date;
  closesAt: Date;
  participants: number;
}

export interface ProgressRow {
  unitId: string;
  name: string;
  depth: number;
  participants: number;
  inProgress: number;
  submitted: number;
}

/** The organizers' reads and edits of contests and rounds (the admin app's contest screens). */
@Injectable()
export class ManagementRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Contests an organizer manages: city-wide ones and those of a unit in their subtree (null prefix: all). */
  contestsInScope(pathPrefix: string | null): Promise<ManagedContestRow[]> {
    return this.dataSource.query(
      `SELECT c.id, c.title, c.description, o.name AS "unitName", c.created_at AS "createdAt"
       FROM contest c LEFT JOIN ${UNITS_SQL} o ON o.id = c.unit_id
       WHERE $1::text IS NULL OR c.unit_id IS NULL OR ${inSubtreeSql('o.path', '$1')}
       ORDER BY c.created_at DESC`,
      [pathPrefix],
    );
  }

  /**
   * Rounds of these contests with how many people took part: from the frozen ranking once closed (its last position),
   * else the first attempts started so far.
   */
  roundsOf(contestIds: string[]): Promise<ManagedRoundRow[]> {
    if (contestIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT r.id, r.contest_id AS "contestId", r.title, r.status, r.opens_at AS "opensAt", r.closes_at AS "closesAt",
         CASE WHEN r.status = 'closed'
           THEN (SELECT coalesce(max(k.position), 0) FROM round_ranking k WHERE k.round_id = r.id)
           ELSE (SELECT count(*) FROM ${ATTEMPTS_SQL} a WHERE a.context_id = r.id AND a.attempt_no = 1)
         END::int AS participants
       FROM contest_round r WHERE r.contest_id = ANY($1::uuid[]) ORDER BY r.opens_at, r.title`,
      [contestIds],
    );
  }

  async updateContest(id: string, patch: Partial<Pick<Contest, 'title' | 'description'>>): Promise<void> {
    await this.dataSource.manager.update(Contest, { id }, patch);
  }

  async attemptCount(roundId: string, m: EntityManager = this.dataSource.manager): Promise<number> {
    const rows: { n: number }[] = await m.query(
      `SELECT count(*)::int AS n FROM ${ATTEMPTS_SQL} a WHERE a.context_id = $1`,
      [roundId],
    );
    return rows[0]!.n;
  }

  async updateRound(m: EntityManager, id: string, patch: Partial<ContestRound>): Promise<void> {
    if (Object.keys(patch).length) await m.update(ContestRound, { id }, patch);
  }

  /**
   * A running round's attempts so far, grouped by the unit at `depth` above each participant's own unit (a person
   * of a shallower unit counts under it): people, attempts running and submitted. Limited to a subtree.
   */
  progressByUnit(roundId: string, depth: number, pathPrefix: string | null): Promise<ProgressRow[]> {
    return this.dataSource.query(
      `SELECT g.id AS "unitId", g.name, g.depth, count(DISTINCT a.user_id)::int AS participants,
         count(*) FILTER (WHERE a.status = 'in_progress')::int AS "inProgress",
         count(*) FILTER (WHERE a.status = 'submitted')::int AS submitted
       FROM ${ATTEMPTS_SQL} a
         JOIN ${PEOPLE_SQL} u ON u.id = a.user_id
         JOIN ${UNITS_SQL} o ON o.id = u.unit_id
         JOIN ${UNITS_SQL} g ON g.depth = least(o.depth, $2::int) AND ${inSubtreeSql('o.path', 'g.path')}
       WHERE a.context_id = $1 AND ($3::text IS NULL OR ${inSubtreeSql('o.path', '$3')})
       GROUP BY g.id, g.name, g.depth ORDER BY participants DESC, g.name`,
      [roundId, depth, pathPrefix],
    );
  }

  /** Totals of a round's attempts (the whole round, or a subtree). */
  async progressTotals(roundId: string, pathPrefix: string | null) {
    const rows: { participants: number; inProgress: number; submitted: number }[] = await this.dataSource.query(
      `SELECT count(DISTINCT a.user_id)::int AS participants,
         count(*) FILTER (WHERE a.status = 'in_progress')::int AS "inProgress",
         count(*) FILTER (WHERE a.status = 'submitted')::int AS submitted
       FROM ${ATTEMPTS_SQL} a JOIN ${PEOPLE_SQL} u ON u.id = a.user_id LEFT JOIN ${UNITS_SQL} o ON o.id = u.unit_id
       WHERE a.context_id = $1 AND ($2::text IS NULL OR ${inSubtreeSql('o.path', '$2')})`,
      [roundId, pathPrefix],
    );
    return rows[0]!;
  }

  unitNames(ids: string[]): Promise<{ id: string; name: string }[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT o.id, o.name FROM ${UNITS_SQL} o WHERE o.id = ANY($1::uuid[]) ORDER BY o.name`,
      [ids],
    );
  }

  /** Names (for the public-name rule) and units of people, for the review lists. */
  peopleByIds(ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT u.id, u.full_name AS "fullName", to_char(u.birth_date, 'YYYY-MM-DD') AS "birthDate",
         u.public_name_consent AS "publicNameConsent", o.name AS "unitName"
       FROM ${PEOPLE_SQL} u LEFT JOIN ${UNITS_SQL} o ON o.id = u.unit_id WHERE u.id = ANY($1::uuid[])`,
      [ids],
    ) as Promise<
      { id: string; fullName: string; birthDate: string | null; publicNameConsent: boolean; unitName: string | null }[]
    >;
  }
}
