import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * People newly counted per unit, target row and year, kept up to date in the transaction that records each person
 * (plan_achiever), so the report sums a few thousand rows instead of counting millions of completions.
 */
@Entity('plan_tally')
export class PlanTally {
  @PrimaryColumn('uuid')
  unitId: string;

  @PrimaryColumn('text')
  letter: string;

  @PrimaryColumn('text')
  rowKey: string;

  @PrimaryColumn('int')
  year: number;

  @Column('int')
  achieved: number;
}
