import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The frozen ranking of a closed round: one row per person (their counted attempt), written once at close. */
@Entity('round_ranking')
// The leaderboard reads the top N by position; "my rank" reads by (round, user) = the primary key.
@Index('uq_round_ranking_position', ['roundId', 'position'], { unique: true })
export class RoundRanking {
  @PrimaryColumn('uuid')
  roundId: string;

  @PrimaryColumn('uuid')
  userId: string;

  /** Shared by people tied on every key of the round's order. */
  @Column('int')
  rank: number;

  /** 1..n without gaps: the display order (ties broken by attempt id) and the key for top-N reads. */
  @Column('int')
  position: number;

  @Column('uuid')
  attemptId: string;

  @Column('uuid', { nullable: true })
  unitId: string | null;

  @Column('double precision')
  score: number;

  @Column('double precision')
  maxScore: number;

  @Column('int', { nullable: true })
  prediction: number | null;

  @Column('int', { nullable: true })
  predictionDistance: number | null;

  @Column('int')
  durationMs: number;

  @Column('timestamptz')
  submittedAt: Date;

  /** The person's submitted attempts in the round (one counts): unit statistics sum them. */
  @Column('int')
  attempts: number;
}
