import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A figure an organizer entered for one unit, year and target row, with a note: the achieved number of a target the
 * platform cannot measure, and/or the total it is measured against (schools, pages, newly admitted members, …).
 */
@Entity('plan_entry')
@Unique('uq_plan_entry_unit_year_row', ['unitId', 'year', 'letter', 'rowKey'])
export class PlanEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  unitId: string;

  @Column('int')
  year: number;

  @Column('text')
  letter: string;

  @Column('text')
  rowKey: string;

  @Column('double precision', { nullable: true })
  achieved: number | null;

  @Column('int', { nullable: true })
  base: number | null;

  @Column('text')
  note: string;

  @Column('uuid')
  enteredBy: string;

  @Column('text')
  enteredByName: string;

  @Column('timestamptz')
  enteredAt: Date;
}
