import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A W3C Bitstring Status List (revocation) of `length` entries; certificates take the next index. The bits are not
 * stored: the published list is built from the certificates' own revocation, so it can never lag behind it.
 */
@Entity('certificate_status_list')
export class StatusList {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('int')
  length: number;

  @Column('int', { default: 0 })
  nextIndex: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
