import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { MemberCounts, Population } from '#contracts';
import { inSubtreeSql, PEOPLE_BY_POPULATION_SQL, PEOPLE_SQL, UNIT_HISTORY_SQL, UNITS_SQL } from '#identity';

export interface UnitRow {
  id: string;
  name: string;
  parentId: string | null;
  path: string;
  active: boolean;
  mergedIntoId: string | null;
  counts: MemberCounts;
}

export interface EntryRow {
  unitId: string;
  letter: string;
  rowKey: string;
  achieved: number | null;
  base: number | null;
  note: string;
  enteredBy: string;
  enteredByName: string;
  enteredAt: Date;
}

export interface AchieverInsert {
  userId: string;
  letter: string;
  rowKey: string;
  unitId: string;
  year: number;
  completionId: string;
}

/** The only door to reporting's tables, and to the identity fragments it reads. */
@Injectable()
export class ReportingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Records a completion once; false when it was already recorded (a job run twice). */
  async insertCompletion(
    c: {
      completionId: string;
      userId: string;
      courseId: string;
      unitId: string | null;
      population: string | null;
      letters: string[];
      completedAt: Date;
    },
    manager: EntityManager,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO plan_completion (completion_id, user_id, course_id, unit_id, population, letters, completed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (completion_id) DO NOTHING RETURNING completion_id`,
      [c.completionId, c.userId, c.courseId, c.unitId, c.population, c.letters, c.completedAt],
    );
    return rows.length > 0;
  }

  /** Counts the person toward the letter unless already counted, keeping the unit's tally in the same statement. */
  async insertAchiever(a: AchieverInsert, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `WITH counted AS (
         INSERT INTO plan_achiever (user_id, letter, row_key, unit_id, year, completion_id)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, letter) DO NOTHING
         RETURNING unit_id, letter, row_key, year)
       INSERT INTO plan_tally (unit_id, letter, row_key, year, achieved)
       SELECT unit_id, letter, row_key, year, 1 FROM counted
       ON CONFLICT (unit_id, letter, row_key, year) DO UPDATE SET achieved = plan_tally.achieved + 1
       RETURNING unit_id`,
      [a.userId, a.letter, a.rowKey, a.unitId, a.year, a.completionId],
    );
    return rows.length > 0;
  }

  /** Raised in the transaction of every write that changes a figure: the cache key of every instance. */
  async bumpVersion(manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO plan_report_version (id, version) VALUES (1, 1)
       ON CONFLICT (id) DO UPDATE SET version = plan_report_version.version + 1`,
    );
  }

  /**
   * What the report depends on, in one indexed read: reporting's own version (row 1, raised with every fact and entry)
   * and identity's (row 2, raised by triggers on units and people in the transaction of each change).
   */
  async versionKey(): Promise<string> {
    const [row]: { v: string | null }[] = await this.dataSource.query(
      `SELECT string_agg(id || ':' || version, ',' ORDER BY id) AS v FROM plan_report_version`,
    );
    return row?.v ?? '';
  }

  async allUnits(): Promise<UnitRow[]> {
    const rows: {
      id: string;
      name: string;
      parent_id: string | null;
      path: string;
      active: boolean;
      merged_into_id: string | null;
      cadres: number;
      members: number;
      youth: number;
      teens: number;
    }[] = await this.dataSource.query(
      `SELECT u.id, u.name, u.parent_id, u.path, u.active, h.merged_into_id, u.cadres, u.members, u.youth, u.teens
       FROM ${UNITS_SQL} u JOIN ${UNIT_HISTORY_SQL} h ON h.id = u.id`,
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      parentId: r.parent_id,
      path: r.path,
      active: r.active,
      mergedIntoId: r.merged_into_id,
      counts: { cadres: r.cadres, members: r.members, youth: r.youth, teens: r.teens },
    }));
  }

  /** Active registered people per unit and population. */
  async registeredByUnit(): Promise<{ unitId: string; population: Population; people: number }[]> {
    const rows: { unit_id: string; population: Population; people: number }[] = await this.dataSource.query(
      `SELECT unit_id, population, count(*)::int AS people FROM ${PEOPLE_BY_POPULATION_SQL} p
       WHERE active AND unit_id IS NOT NULL AND population IS NOT NULL GROUP BY 1, 2`,
    );
    return rows.map((r) => ({ unitId: r.unit_id, population: r.population, people: r.people }));
  }

  /** People counted per unit and row: from the plan's start to the end of `year`, and in `year` alone. */
  async talliesTo(
    year: number,
  ): Promise<{ unitId: string; letter: string; rowKey: string; achieved: number; inYear: number }[]> {
    const rows: { unit_id: string; letter: string; row_key: string; achieved: number; in_year: number }[] =
      await this.dataSource.query(
        `SELECT unit_id, letter, row_key, sum(achieved)::int AS achieved,
                coalesce(sum(achieved) FILTER (WHERE year = $1), 0)::int AS in_year
         FROM plan_tally WHERE year <= $1 GROUP BY 1, 2, 3`,
        [year],
      );
    return rows.map((r) => ({
      unitId: r.unit_id,
      letter: r.letter,
      rowKey: r.row_key,
      achieved: r.achieved,
      inYear: r.in_year,
    }));
  }

  async entriesOfYear(year: number, unitId?: string): Promise<EntryRow[]> {
    const rows: {
      unit_id: string;
      letter: string;
      row_key: string;
      achieved: number | null;
      base: number | null;
      note: string;
      entered_by: string;
      entered_by_name: string;
      entered_at: Date;
    }[] = await this.dataSource.query(
      `SELECT unit_id, letter, row_key, achieved, base, note, entered_by, entered_by_name, entered_at
       FROM plan_entry WHERE year = $1 AND ($2::uuid IS NULL OR unit_id = $2) ORDER BY letter, row_key`,
      [year, unitId ?? null],
    );
    return rows.map((r) => ({
      unitId: r.unit_id,
      letter: r.letter,
      rowKey: r.row_key,
      achieved: r.achieved,
      base: r.base,
      note: r.note,
      enteredBy: r.entered_by,
      enteredByName: r.entered_by_name,
      enteredAt: r.entered_at,
    }));
  }

  /** Entries of a year for every unit of a subtree (merged units included), with the unit's name. */
  async entriesInSubtree(year: number, rootUnitId: string): Promise<(EntryRow & { unitName: string })[]> {
    const rows: {
      unit_id: string;
      unit_name: string;
      letter: string;
      row_key: string;
      achieved: number | null;
      base: number | null;
      note: string;
      entered_by: string;
      entered_by_name: string;
      entered_at: Date;
    }[] = await this.dataSource.query(
      `SELECT e.unit_id, u.name AS unit_name, e.letter, e.row_key, e.achieved, e.base, e.note, e.entered_by,
              e.entered_by_name, e.entered_at
       FROM plan_entry e JOIN ${UNITS_SQL} u ON u.id = e.unit_id
       JOIN ${UNITS_SQL} root ON root.id = $2
       WHERE e.year = $1 AND ${inSubtreeSql('u.path', 'root.path')}
       ORDER BY u.path, e.letter, e.row_key`,
      [year, rootUnitId],
    );
    return rows.map((r) => ({
      unitId: r.unit_id,
      unitName: r.unit_name,
      letter: r.letter,
      rowKey: r.row_key,
      achieved: r.achieved,
      base: r.base,
      note: r.note,
      enteredBy: r.entered_by,
      enteredByName: r.entered_by_name,
      enteredAt: r.entered_at,
    }));
  }

  async upsertEntry(e: Omit<EntryRow, 'enteredAt'> & { year: number }, manager: EntityManager): Promise<Date> {
    const [row]: { entered_at: Date }[] = await manager.query(
      `INSERT INTO plan_entry (unit_id, year, letter, row_key, achieved, base, note, entered_by, entered_by_name, entered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
       ON CONFLICT (unit_id, year, letter, row_key) DO UPDATE SET achieved = EXCLUDED.achieved, base = EXCLUDED.base,
         note = EXCLUDED.note, entered_by = EXCLUDED.entered_by, entered_by_name = EXCLUDED.entered_by_name,
         entered_at = EXCLUDED.entered_at
       RETURNING entered_at`,
      [e.unitId, e.year, e.letter, e.rowKey, e.achieved, e.base, e.note, e.enteredBy, e.enteredByName],
    );
    return row!.entered_at;
  }

  async fullNameOf(userId: string): Promise<string> {
    const rows: { full_name: string }[] = await this.dataSource.query(
      `SELECT full_name FROM ${PEOPLE_SQL} p WHERE id = $1`,
      [userId],
    );
    return rows[0]?.full_name ?? '';
  }

  /**
   * Demo data: `people` made-up people counted toward a row of a unit in a year, with their completions, set-based
   * (a demo unit has thousands). Ids are derived from `seed`, so loading the demo twice adds nothing.
   */
  async insertDemoAchievers(
    d: {
      unitId: string;
      letter: string;
      rowKey: string;
      population: string;
      year: number;
      people: number;
      seed: string;
    },
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `WITH people AS (
         SELECT md5($6 || ':' || i)::uuid AS user_id, md5($6 || ':c:' || i)::uuid AS completion_id
         FROM generate_series(1, $7::int) i),
       completions AS (
         INSERT INTO plan_completion (completion_id, user_id, course_id, unit_id, population, letters, completed_at)
         SELECT completion_id, user_id, md5($6)::uuid, $1, $4, ARRAY[$2], make_timestamptz($5, 10, 1, 9, 0, 0, 'Asia/Ho_Chi_Minh')
         FROM people ON CONFLICT DO NOTHING RETURNING completion_id, user_id),
       counted AS (
         INSERT INTO plan_achiever (user_id, letter, row_key, unit_id, year, completion_id)
         SELECT user_id, $2, $3, $1, $5, completion_id FROM completions ON CONFLICT DO NOTHING RETURNING user_id)
       INSERT INTO plan_tally (unit_id, letter, row_key, year, achieved)
       SELECT $1, $2, $3, $5, count(*) FROM counted HAVING count(*) > 0
       ON CONFLICT (unit_id, letter, row_key, year) DO UPDATE SET achieved = plan_tally.achieved + EXCLUDED.achieved`,
      [d.unitId, d.letter, d.rowKey, d.population, d.year, d.seed, d.people],
    );
  }
}
