import type { LiveScoring } from '#contracts';

/** The most a single answer earns before any streak bonus. */
export const MAX_POINTS = 1000;
export const STREAK_STEP = 100;
export const STREAK_CAP = 5;

/**
 * Points for one answer, by the server's clock only. Speed mode is Kahoot-like: a correct answer at once earns
 * 1000, at the last moment 500 (1000 × (1 − t/(2T))); a partly right answer earns its share. `limitMs` is the
 * player's own limit (the question's time plus their extra time), so extra time never costs points.
 */
export function answerPoints(scoring: LiveScoring, fraction: number, elapsedMs: number, limitMs: number): number {
  const share = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  if (share === 0) return 0;
  if (scoring === 'accuracy') return Math.round(MAX_POINTS * share);
  const t = Math.min(Math.max(elapsedMs, 0), Math.max(limitMs, 1));
  return Math.round(MAX_POINTS * share * (1 - t / (2 * Math.max(limitMs, 1))));
}

/** The bonus on top of a correct answer: +100 per earlier correct answer in a row, at most +500. */
export function streakBonus(streakAfter: number): number {
  return streakAfter <= 1 ? 0 : Math.min(streakAfter - 1, STREAK_CAP) * STREAK_STEP;
}

export interface ScoredPlayer {
  id: string;
  nickname: string;
  score: number;
  streak: number;
  correctCount: number;
  /** Total server-measured time of correct answers; breaks ties in the order, never in the rank. */
  correctTimeMs: number;
  /** Order of joining: the last tie-break so the order is total and stable. */
  seq: number;
  kicked: boolean;
}

export interface RoundAnswer {
  correct: boolean;
  points: number;
  elapsedMs: number;
}

export interface RoundOutcome {
  id: string;
  answered: boolean;
  correct: boolean;
  points: number;
  total: number;
  rank: number;
  streak: number;
}

/** Display order: score ↓, time on correct answers ↑, joining order ↑. */
export function compareStanding(a: ScoredPlayer, b: ScoredPlayer): number {
  return b.score - a.score || a.correctTimeMs - b.correctTimeMs || a.seq - b.seq;
}

/**
 * Assigns ranks to players already in display order: equal scores share a rank (1, 2, 2, 4).
 * Returns the ranks in the same order.
 */
export function competitionRanks(sorted: readonly { score: number }[]): number[] {
  const ranks = new Array<number>(sorted.length);
  for (let i = 0; i < sorted.length; i++) {
    ranks[i] = i > 0 && sorted[i]!.score === sorted[i - 1]!.score ? ranks[i - 1]! : i + 1;
  }
  return ranks;
}

/**
 * Closes one question in one pass: applies every answer (and the streak bonus), then sorts once. Kicked players are
 * left out of the ranking. Mutates the players (they are the game's own records) and returns them in display order,
 * with each one's outcome at the same position (`outcomes[i]` is `standing[i]`'s). Positions rather than maps keyed by
 * player id: at 10,000 players the id maps were half of a close's ranking time.
 */
export function applyRound(
  players: ScoredPlayer[],
  answers: ReadonlyMap<string, RoundAnswer>,
  streaks: boolean,
): { standing: ScoredPlayer[]; outcomes: RoundOutcome[] } {
  const rows: { player: ScoredPlayer; answered: boolean; correct: boolean; points: number }[] = [];
  for (const p of players) {
    if (p.kicked) continue;
    const answer = answers.get(p.id);
    const correct = answer?.correct === true;
    p.streak = correct ? p.streak + 1 : 0;
    const earned = answer ? answer.points + (correct && streaks ? streakBonus(p.streak) : 0) : 0;
    p.score += earned;
    if (correct) {
      p.correctCount += 1;
      p.correctTimeMs += answer!.elapsedMs;
    }
    rows.push({ player: p, answered: answer !== undefined, correct, points: earned });
  }
  rows.sort((a, b) => compareStanding(a.player, b.player));
  const standing = rows.map((r) => r.player);
  const ranks = competitionRanks(standing);
  const outcomes = rows.map((r, i): RoundOutcome => ({
    id: r.player.id,
    answered: r.answered,
    correct: r.correct,
    points: r.points,
    total: r.player.score,
    rank: ranks[i]!,
    streak: r.player.streak,
  }));
  return { standing, outcomes };
}
