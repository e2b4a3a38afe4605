import type { QuestionSnapshot } from '#contracts';
import type { Principal } from '#core';

export interface PoolFilter {
  bankId: string;
  /** A category path; includes its subcategories ("Pháp luật" covers "Pháp luật/Luật An ninh mạng"). */
  category?: string;
  difficulty?: 1 | 2 | 3;
}

/**
 * What the quiz engine, courses and live games may read from a bank: published questions only, as immutable version
 * snapshots. Implemented by the question-bank module and exported under this class as its injection token.
 */
export abstract class QuestionBankReader {
  /** Every published question (its current published version) matching the filter: a pool to draw papers from. */
  abstract publishedPool(filter: PoolFilter): Promise<QuestionSnapshot[]>;

  /** How many published questions match; cheaper than the pool when only the count matters. */
  abstract countPublished(filter: PoolFilter): Promise<number>;

  /** Exact versions by id (what an attempt was drawn with never changes, even after edits). */
  abstract getVersions(versionIds: string[]): Promise<Map<string, QuestionSnapshot>>;

  /** Published snapshots of hand-picked questions (their current published versions), in the order given. */
  abstract getPublished(questionIds: string[]): Promise<QuestionSnapshot[]>;

  /**
   * Throws BANK_NOT_FOUND or OUT_OF_SCOPE unless the principal may read every one of these banks, by the rule of the
   * bank module's own reads (the bank's owner unit lies in the caller's subtree; an administrator reads all).
   */
  abstract assertBanksReadable(principal: Principal, bankIds: readonly string[]): Promise<void>;
}
