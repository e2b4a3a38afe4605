import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  CONTEST_PARTICIPATION_PORT,
  PortRegistry,
  type ContestParticipationPort,
  type ContestParticipationRow,
} from '#core';
import { PEOPLE_BY_POPULATION_SQL } from '#identity';

/**
 * Contest participation for the plan report (reporting reads it through this port and never contest's tables). Read
 * rather than pushed by `round.closed`: a person counts once over every round of the years asked, which needs the
 * people themselves, not per-round sums, and the frozen rankings already hold them; `version` moves with each close,
 * so reporting recomputes only then.
 */
@Injectable()
export class ContestParticipation implements ContestParticipationPort, OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ports: PortRegistry,
  ) {}

  onModuleInit(): void {
    this.ports.provide(CONTEST_PARTICIPATION_PORT, this);
  }

  async participantsByUnit(from: Date, to: Date): Promise<ContestParticipationRow[]> {
    const rows: { unit_id: string; population: ContestParticipationRow['population']; participants: number }[] =
      await this.dataSource.query(
        `SELECT first.unit_id, p.population, count(*)::int AS participants
         FROM (SELECT DISTINCT ON (rr.user_id) rr.user_id, rr.unit_id
               FROM round_ranking rr JOIN contest_round r ON r.id = rr.round_id
               WHERE r.status = 'closed' AND r.closed_at >= $1 AND r.closed_at < $2 AND rr.unit_id IS NOT NULL
               ORDER BY rr.user_id, r.closed_at) first
         JOIN ${PEOPLE_BY_POPULATION_SQL} p ON p.id = first.user_id
         GROUP BY 1, 2`,
        [from, to],
      );
    return rows.map((r) => ({ unitId: r.unit_id, population: r.population, participants: r.participants }));
  }

  async version(): Promise<string> {
    const [row]: { v: string }[] = await this.dataSource.query(
      `SELECT count(*) || '/' || coalesce(max(closed_at)::text, '') AS v FROM contest_round WHERE status = 'closed'`,
    );
    return row!.v;
  }
}
