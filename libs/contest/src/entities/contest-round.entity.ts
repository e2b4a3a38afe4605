import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Population } from '#contracts';
import type { BlueprintEntry, ReviewLevel } from '#quiz-engine';
import type { PrizeConfig } from '../prizes.js';
import type { CountedAttempt, PredictionTarget, RankingKey } from '../ranking.js';

export type { ReviewLevel };
/** What a participant may see of their own submitted attempt (GET /attempts/:attemptId/review). */
export interface ReviewOptions {
  /** What a participant sees right after submitting. */
  afterSubmit: ReviewLevel;
  /** What they see once the round is closed. */
  afterClose: ReviewLevel;
}

export type RoundStatus = 'open' | 'closed';

@Entity('contest_round')
@Index('idx_contest_round_contest_id', ['contestId'])
// The close job and the sweep look for rounds past their close time that are not closed yet.
@Index('idx_contest_round_open_closes_at', ['closesAt'], { where: `"status" = 'open'` })
export class ContestRound {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  contestId: string;

  @Column('text')
  title: string;

  @Column('uuid')
  bankId: string;

  @Column('timestamptz')
  opensAt: Date;

  @Column('timestamptz')
  closesAt: Date;

  @Column('int')
  durationSeconds: number;

  @Column('int')
  maxAttempts: number;

  @Column('text')
  countedAttempt: CountedAttempt;

  @Column('jsonb')
  blueprint: BlueprintEntry[];

  @Column('double precision')
  pointsPerQuestion: number;

  @Column('text', { nullable: true })
  predictionQuestion: string | null;

  @Column('text', { nullable: true })
  predictionTarget: PredictionTarget | null;

  @Column('text', { array: true })
  ranking: RankingKey[];

  @Column('jsonb')
  review: ReviewOptions;

  /** Which member counts of a unit make the denominator of its participation rate. */
  @Column('text', { array: true })
  statsPopulations: Population[];

  @Column('jsonb', { nullable: true })
  prizes: PrizeConfig | null;

  /** The units whose subtrees may take part (audience.ts); empty: the whole city. */
  @Column('uuid', { array: true, default: () => "'{}'" })
  audienceUnitIds: string[];

  @Column('text', { default: 'open' })
  status: RoundStatus;

  /** The prediction question's true value, computed once at close. */
  @Column('int', { nullable: true })
  predictionValue: number | null;

  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
