import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Participation of a unit's whole subtree in a closed round, frozen with the ranking. */
@Entity('round_unit_stat')
export class RoundUnitStat {
  @PrimaryColumn('uuid')
  roundId: string;

  @PrimaryColumn('uuid')
  unitId: string;

  @Column('int')
  depth: number;

  @Column('int')
  participants: number;

  @Column('int')
  attempts: number;

  /** Sum of the subtree's member counts in the round's populations. */
  @Column('int')
  members: number;

  /** participants ÷ members; null when the unit has no members recorded. */
  @Column('double precision', { nullable: true })
  rate: number | null;

  /** Rank among units of the same depth (districts among districts, …). */
  @Column('int')
  rankByCount: number;

  @Column('int', { nullable: true })
  rankByRate: number | null;
}
