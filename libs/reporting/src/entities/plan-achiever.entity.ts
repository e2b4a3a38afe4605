import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A person counted toward a course letter: once per person and letter, ever (a second course toward the same letter
 * trains no one new), under the unit, row and year of their first completion.
 */
@Entity('plan_achiever')
export class PlanAchiever {
  @PrimaryColumn('uuid')
  userId: string;

  @PrimaryColumn('text')
  letter: string;

  @Column('text')
  rowKey: string;

  @Column('uuid')
  unitId: string;

  @Column('int')
  year: number;

  @Column('uuid')
  completionId: string;
}
