import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { PaperItem } from '../paper.js';

/**
 * A paper drawn ahead of time for a context (a round), belonging to nobody: a person's first start in the contest
 * takes one and deletes it in the statement that inserts their attempt, so an opening rush draws nothing. Nothing
 * else reads this table (results, statistics, item analysis and rankings read attempts only), so a paper nobody took
 * is never seen; the round's close discards what is left. `poolKey` names the published pools it was drawn from: a
 * question published, edited or withdrawn changes the key, and papers of another key are never handed out.
 */
@Entity('quiz_paper')
@Index('idx_quiz_paper_context_pool', ['contextId', 'poolKey'])
export class QuizPaper {
  /** Also the attempt's seed: the paper is drawn with it, so the attempt keeps a seed that reproduces its paper. */
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  contextId: string;

  @Column('text')
  poolKey: string;

  @Column('double precision')
  maxScore: number;

  @Column('jsonb')
  paper: PaperItem[];

  @Column('timestamptz', { default: () => 'now()' })
  drawnAt: Date;
}
