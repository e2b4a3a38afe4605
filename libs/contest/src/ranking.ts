/** Ranking rules of a round (DESIGN.md §3), pure: the SQL that freezes a ranking follows the same order. */

export const RANKING_KEYS = ['score', 'prediction', 'duration', 'submittedAt'] as const;
export type RankingKey = (typeof RANKING_KEYS)[number];
export const DEFAULT_RANKING: readonly RankingKey[] = RANKING_KEYS;

export const COUNTED_ATTEMPTS = ['best', 'first', 'last'] as const;
export type CountedAttempt = (typeof COUNTED_ATTEMPTS)[number];

export const PREDICTION_TARGETS = ['perfect_scorers', 'participants'] as const;
export type PredictionTarget = (typeof PREDICTION_TARGETS)[number];

/** Predictions are whole numbers of people; anything larger than this is nonsense (and would overflow int). */
export const MAX_PREDICTION = 100_000_000;

export interface RankedAttempt {
  attemptId: string;
  userId: string;
  score: number;
  prediction: number | null;
  durationMs: number;
  submittedAt: Date;
  startedAt: Date;
}

/** |prediction − true value|; no prediction ranks after every prediction. */
export function predictionDistance(prediction: number | null, trueValue: number | null): number {
  if (prediction === null || trueValue === null) return Number.POSITIVE_INFINITY;
  return Math.abs(prediction - trueValue);
}

/** Completes a configured order: keys not listed follow in the default order, so ties are always resolved. */
export function fullOrder(order: readonly RankingKey[] | null | undefined): RankingKey[] {
  const listed = [...new Set(order ?? [])];
  return [...listed, ...DEFAULT_RANKING.filter((k) => !listed.includes(k))];
}

/** Negative when a ranks before b. The last resort is the attempt id, so the order is total and stable. */
export function compareAttempts(
  order: readonly RankingKey[],
  trueValue: number | null,
): (a: RankedAttempt, b: RankedAttempt) => number {
  const keys = fullOrder(order);
  return (a, b) => {
    for (const key of keys) {
      let d = 0;
      if (key === 'score') d = b.score - a.score;
      else if (key === 'prediction') {
        const da = predictionDistance(a.prediction, trueValue);
        const db = predictionDistance(b.prediction, trueValue);
        d = da === db ? 0 : da < db ? -1 : 1;
      } else if (key === 'duration') d = a.durationMs - b.durationMs;
      else d = a.submittedAt.getTime() - b.submittedAt.getTime();
      if (d !== 0) return d;
    }
    return a.attemptId < b.attemptId ? -1 : a.attemptId > b.attemptId ? 1 : 0;
  };
}

/** The attempt of one person that counts: their best (by the round's order), first or last submitted. */
export function countedAttempt<T extends RankedAttempt>(
  attempts: readonly T[],
  rule: CountedAttempt,
  order: readonly RankingKey[],
  trueValue: number | null,
): T | null {
  if (attempts.length === 0) return null;
  const byStart = [...attempts].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  if (rule === 'first') return byStart[0]!;
  if (rule === 'last') return byStart[byStart.length - 1]!;
  return [...attempts].sort(compareAttempts(order, trueValue))[0]!;
}

/** The prediction question's true value, from every person's counted attempt. */
export function predictionTrueValue(
  target: PredictionTarget,
  counted: readonly { score: number; maxScore: number }[],
): number {
  if (target === 'participants') return counted.length;
  return counted.filter((a) => a.maxScore > 0 && a.score >= a.maxScore - 1e-9).length;
}

/**
 * Ranks people (each by their counted attempt): equal on every key of the order share a rank ("1, 2, 2, 4"), so the
 * attempt-id fallback orders the display but never splits a rank.
 */
export function rankAttempts<T extends RankedAttempt>(
  counted: readonly T[],
  order: readonly RankingKey[],
  trueValue: number | null,
): (T & { rank: number })[] {
  const cmp = compareAttempts(order, trueValue);
  const sameRank = (a: T, b: T) => cmp({ ...a, attemptId: '' }, { ...b, attemptId: '' }) === 0;
  const sorted = [...counted].sort(cmp);
  const out: (T & { rank: number })[] = [];
  sorted.forEach((a, i) => {
    const rank = i > 0 && sameRank(sorted[i - 1]!, a) ? out[i - 1]!.rank : i + 1;
    out.push({ ...a, rank });
  });
  return out;
}

/** A round's rules that decide its ranking. */
export interface RankingRules {
  countedAttempt: CountedAttempt;
  ranking: readonly RankingKey[];
  predictionTarget: PredictionTarget | null;
}

/**
 * A closed round's ranking from its submitted attempts, the rules end to end: the prediction's true value, each
 * person's counted attempt, their ranks. The close computes the same in SQL over a million attempts
 * (ContestRepository.predictionValue and buildRanking); test/integration/contest/ranking-sql.spec.ts proves the two
 * agree over random rounds.
 */
export function rankRound<T extends RankedAttempt & { maxScore: number }>(
  attempts: readonly T[],
  rules: RankingRules,
): { trueValue: number | null; ranking: (T & { rank: number })[] } {
  const byPerson = new Map<string, T[]>();
  for (const a of attempts) byPerson.set(a.userId, [...(byPerson.get(a.userId) ?? []), a]);
  const people = [...byPerson.values()];
  // Full marks do not depend on the prediction: picked by score alone, the counted attempt that decides the true value
  // is known before the prediction ranks anyone.
  const trueValue =
    rules.predictionTarget === null
      ? null
      : predictionTrueValue(
          rules.predictionTarget,
          people.map((own) => countedAttempt(own, rules.countedAttempt, ['score'], null)!),
        );
  const counted = people.map((own) => countedAttempt(own, rules.countedAttempt, rules.ranking, trueValue)!);
  return { trueValue, ranking: rankAttempts(counted, rules.ranking, trueValue) };
}

/** ORDER BY terms for the same order in SQL, over columns score, prediction_distance, duration_ms, submitted_at. */
export function rankingOrderSql(order: readonly RankingKey[], alias: string): string {
  const col: Record<RankingKey, string> = {
    score: `${alias}.score DESC`,
    prediction: `${alias}.prediction_distance ASC NULLS LAST`,
    duration: `${alias}.duration_ms ASC`,
    submittedAt: `${alias}.submitted_at ASC`,
  };
  return fullOrder(order)
    .map((k) => col[k])
    .join(', ');
}

/** Why a person is where they are, for "my rank". */
export function explainRank(row: {
  rank: number;
  score: number;
  maxScore: number;
  prediction: number | null;
  predictionDistance: number | null;
  durationMs: number;
}): string {
  const seconds = (row.durationMs / 1000).toFixed(1).replace('.', ',');
  const prediction =
    row.prediction === null
      ? 'không dự đoán'
      : `dự đoán ${row.prediction}, lệch ${row.predictionDistance ?? '?'} so với kết quả thực`;
  return `Hạng ${row.rank}: ${row.score}/${row.maxScore} điểm, ${prediction}, thời gian làm bài ${seconds} giây.`;
}
