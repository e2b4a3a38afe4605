import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { AnswerValue } from '#contracts';
import { QuizAttempt } from './quiz-attempt.entity.js';

/**
 * The latest answer to one question of one attempt: one row, upserted on every save. Scored when saved (the server
 * has the key in memory), so submitting and closing a round are sums in SQL; a key correction rescores it.
 */
@Entity('quiz_answer')
export class QuizAnswer {
  @PrimaryColumn('uuid')
  attemptId: string;

  @ManyToOne(() => QuizAttempt, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'attempt_id' })
  attempt?: QuizAttempt;

  @PrimaryColumn('uuid')
  questionId: string;

  @Column('jsonb')
  value: AnswerValue;

  @Column('double precision')
  fraction: number;

  @Column('boolean')
  correct: boolean;

  @Column('timestamptz', { default: () => 'now()' })
  savedAt: Date;
}
