import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { QuestionBank } from './question-bank.entity.js';

/**
 * An image or file embedded in questions (referenced as @@PLUGINFILE@@/name), kept in PostgreSQL so every instance of
 * a multi-instance deployment serves it. Content-addressed per bank: the same bytes are stored once.
 */
@Entity('question_file')
@Unique('uq_question_file_bank_sha256', ['bankId', 'sha256'])
export class QuestionFile {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  bankId: string;

  @ManyToOne(() => QuestionBank, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'bank_id' })
  bank?: QuestionBank;

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
