/** One scored answer of one attempt, as item analysis reads it. */
export interface ItemResponse {
  attemptId: string;
  questionId: string;
  fraction: number;
  /** Choice questions: the options picked. */
  optionIds?: string[];
}

export interface ItemKeyOption {
  id: string;
  fraction: number;
}

export interface ItemStats {
  questionId: string;
  responses: number;
  /** Mean fraction earned (0 hard … 1 easy). */
  facility: number;
  /** Facility of the top 27% minus that of the bottom 27% (by total score); null with too few attempts. */
  discrimination: number | null;
  /** Point-biserial correlation of the item with the rest of the paper (item removed from the total). */
  pointBiserial: number | null;
  /** For choice questions: how often each option was picked by the top and bottom groups. */
  options?: { id: string; fraction: number; upper: number; lower: number; total: number }[];
  likelyWrongKey: boolean;
  reasons: string[];
}

/** Below this many attempts the groups are too small for a discrimination index to mean anything. */
export const MIN_ATTEMPTS_FOR_DISCRIMINATION = 10;
const GROUP_SHARE = 0.27;

/**
 * Classical item analysis over the counted attempts of a round. Flags a likely wrong key when the item discriminates
 * negatively (strong candidates do worse than weak ones) or a distractor draws more of the top group than the key.
 */
export function analyseItems(
  responses: readonly ItemResponse[],
  keys: ReadonlyMap<string, ItemKeyOption[]> = new Map(),
): ItemStats[] {
  const totals = new Map<string, number>();
  for (const r of responses) totals.set(r.attemptId, (totals.get(r.attemptId) ?? 0) + r.fraction);
  const ordered = [...totals.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const groupSize = Math.max(1, Math.round(ordered.length * GROUP_SHARE));
  const enough = ordered.length >= MIN_ATTEMPTS_FOR_DISCRIMINATION;
  const upper = new Set(ordered.slice(0, groupSize).map(([id]) => id));
  const lower = new Set(ordered.slice(-groupSize).map(([id]) => id));

  const byQuestion = new Map<string, ItemResponse[]>();
  for (const r of responses) {
    const list = byQuestion.get(r.questionId) ?? [];
    list.push(r);
    byQuestion.set(r.questionId, list);
  }
  const out: ItemStats[] = [];
  for (const [questionId, list] of [...byQuestion.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
    const facility = mean(list.map((r) => r.fraction));
    const up = list.filter((r) => upper.has(r.attemptId));
    const low = list.filter((r) => lower.has(r.attemptId));
    const discrimination = enough ? mean(up.map((r) => r.fraction)) - mean(low.map((r) => r.fraction)) : null;
    const pointBiserial = enough
      ? correlation(
          list.map((r) => r.fraction),
          list.map((r) => (totals.get(r.attemptId) ?? 0) - r.fraction),
        )
      : null;
    const stats: ItemStats = {
      questionId,
      responses: list.length,
      facility,
      discrimination,
      pointBiserial,
      likelyWrongKey: false,
      reasons: [],
    };
    const key = keys.get(questionId);
    if (key && list.some((r) => r.optionIds)) {
      const count = (group: ItemResponse[], id: string) => group.filter((r) => r.optionIds?.includes(id)).length;
      stats.options = key.map((o) => ({
        id: o.id,
        fraction: o.fraction,
        upper: count(up, o.id),
        lower: count(low, o.id),
        total: count(list, o.id),
      }));
      if (enough) {
        const best = Math.max(...key.map((o) => o.fraction));
        const keyUpper = Math.max(0, ...stats.options.filter((o) => o.fraction === best).map((o) => o.upper));
        for (const o of stats.options)
          if (o.fraction <= 0 && o.upper > keyUpper) {
            stats.likelyWrongKey = true;
            stats.reasons.push(`Phương án nhiễu ${o.id} được nhóm điểm cao chọn nhiều hơn đáp án.`);
          }
      }
    }
    if (discrimination !== null && discrimination < 0) {
      stats.likelyWrongKey = true;
      stats.reasons.push('Độ phân biệt âm: nhóm điểm cao làm sai nhiều hơn nhóm điểm thấp.');
    }
    out.push(stats);
  }
  return out;
}

/** Pearson correlation; null when either side has no variance. */
export function correlation(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  if (n < 2) return null;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}
