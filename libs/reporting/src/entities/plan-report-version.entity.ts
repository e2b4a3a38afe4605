import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row: raised in the transaction of every fact or entry reporting records, so every instance's cached report is
 * keyed by it and none serves a figure older than the last committed write.
 */
@Entity('plan_report_version')
export class PlanReportVersion {
  @PrimaryColumn('smallint')
  id: number;

  @Column('bigint')
  version: string;
}
