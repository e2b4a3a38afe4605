/** Pure rules of the organizers' round report: why tied people are in the order they are, which questions to look at. */
import { fullOrder, type RankingKey } from '../ranking.js';

export interface RankedRow {
  rank: number;
  score: number;
  prediction: number | null;
  predictionDistance: number | null;
  durationMs: number;
  submittedAt: Date | string;
}

/** The key that put one of two people with the same score ahead of the other (null: equal on every key). */
export type TieKey = Exclude<RankingKey, 'score'>;

export interface TieReason {
  /** Which neighbour shares the score: the row just above (this one is behind it) or just below (this one is ahead). */
  against: 'above' | 'below';
  /** The first key of the round's order after the score that differs; null when the two share the rank. */
  decidedBy: TieKey | null;
  /** In Vietnamese, for the spreadsheet and for screen readers. */
  text: string;
}

const secondsVi = (ms: number) => `${(ms / 1000).toFixed(1).replace('.', ',')} giây`;

function valueVi(key: TieKey, r: RankedRow): string {
  if (key === 'prediction')
    return r.predictionDistance === null ? 'không dự đoán' : `dự đoán lệch ${r.predictionDistance}`;
  if (key === 'duration') return `làm bài ${secondsVi(r.durationMs)}`;
  return `nộp lúc ${new Date(r.submittedAt).toISOString()}`;
}

function differs(key: TieKey, a: RankedRow, b: RankedRow): boolean {
  if (key === 'prediction') return a.predictionDistance !== b.predictionDistance;
  if (key === 'duration') return a.durationMs !== b.durationMs;
  return new Date(a.submittedAt).getTime() !== new Date(b.submittedAt).getTime();
}

/** Compares a row with a neighbour of the same score: the first key of the order (after the score) that differs. */
function decide(order: readonly RankingKey[], me: RankedRow, other: RankedRow): TieKey | null {
  for (const key of fullOrder(order)) {
    if (key === 'score') continue;
    if (differs(key, me, other)) return key;
  }
  return null;
}

/**
 * For each row of a ranking (in position order), why it stands where it does among people with the same score: against
 * the row above when they share the score, else against the row below; null when nobody else has that score.
 */
export function tieReasons(rows: readonly RankedRow[], order: readonly RankingKey[]): (TieReason | null)[] {
  return rows.map((me, i) => {
    const above = rows[i - 1];
    const below = rows[i + 1];
    const other = above && above.score === me.score ? above : below && below.score === me.score ? below : null;
    if (!other) return null;
    const against = other === above ? 'above' : 'below';
    const key = decide(order, me, other);
    if (key === null)
      return { against, decidedBy: null, text: `Đồng hạng ${me.rank}: bằng nhau ở mọi tiêu chí xếp hạng.` };
    const where = against === 'above' ? 'xếp sau người ở trên' : 'xếp trên người ở dưới';
    return {
      against,
      decidedBy: key,
      text: `Cùng ${me.score} điểm; ${where} vì ${valueVi(key, me)} (người kia ${valueVi(key, other)}).`,
    };
  });
}

export type ItemFlag = 'likely_wrong_key' | 'too_easy' | 'too_hard';

/** Facility (mean share of the points) at or above which a question tells nobody apart: too easy. */
export const TOO_EASY_FACILITY = 0.9;
/** At or below this, too hard (or badly worded). */
export const TOO_HARD_FACILITY = 0.2;
/** Fewer answers than this say nothing about a question's difficulty. */
export const MIN_RESPONSES_FOR_FLAGS = 5;

export function itemFlags(item: { responses: number; facility: number; likelyWrongKey: boolean }): ItemFlag[] {
  const flags: ItemFlag[] = [];
  if (item.likelyWrongKey) flags.push('likely_wrong_key');
  if (item.responses >= MIN_RESPONSES_FOR_FLAGS && item.facility >= TOO_EASY_FACILITY) flags.push('too_easy');
  if (item.responses >= MIN_RESPONSES_FOR_FLAGS && item.facility <= TOO_HARD_FACILITY) flags.push('too_hard');
  return flags;
}
