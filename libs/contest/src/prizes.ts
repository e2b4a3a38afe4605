export const PRIZE_KINDS = ['first', 'second', 'third', 'consolation'] as const;
export type PrizeKind = (typeof PRIZE_KINDS)[number];
export type PrizeConfig = Record<PrizeKind, number>;

export const PRIZE_LABELS_VI: Record<PrizeKind, string> = {
  first: 'Giải Nhất',
  second: 'Giải Nhì',
  third: 'Giải Ba',
  consolation: 'Giải Khuyến khích',
};

/**
 * Which prize a rank earns: the first `first` places get first prizes, and so on. People tied on a rank share the
 * prize of that rank (the organizing committee's rules usually say so), so a tie at a boundary can add a winner.
 */
export function prizeForRank(rank: number, config: PrizeConfig): PrizeKind | null {
  let upTo = 0;
  for (const kind of PRIZE_KINDS) {
    upTo += Math.max(0, config[kind] ?? 0);
    if (rank <= upTo) return kind;
  }
  return null;
}

/** The last rank that wins anything. */
export function lastPrizeRank(config: PrizeConfig): number {
  return PRIZE_KINDS.reduce((s, k) => s + Math.max(0, config[k] ?? 0), 0);
}
