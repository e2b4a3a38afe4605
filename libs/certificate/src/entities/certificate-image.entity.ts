import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * An emblem or background image of templates, kept in PostgreSQL (like question images) so every instance serves
 * and prints it. Content-addressed: the same bytes are stored once.
 */
@Entity('certificate_image')
@Unique('uq_certificate_image_sha256', ['sha256'])
export class CertificateImage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  sha256: string;

  @Column('text')
  mimeType: string;

  @Column('int')
  size: number;

  @Column('bytea')
  data: Buffer;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
