import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Values generated once and shared by every instance: signing secrets, hashing keys. */
@Entity('system_setting')
export class SystemSetting {
  @PrimaryColumn('text')
  key: string;

  @Column('text')
  value: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
