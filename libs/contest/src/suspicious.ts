/** Heuristics for the organizers' review list. They flag; they never ban or change a result. */

export interface AttemptTrace {
  attemptId: string;
  userId: string;
  ip: string | null;
  deviceId: string | null;
  startedAt: Date;
  durationMs: number;
  answeredCount: number;
  score: number;
  maxScore: number;
  /** The answers in a canonical order, e.g. "q1=a|q2=b"; equal strings mean identical answers to identical papers. */
  answerSignature: string;
}

export type FlagKind = 'too_fast' | 'identical_burst' | 'shared_device';

export interface AttemptFlag {
  kind: FlagKind;
  attemptIds: string[];
  userIds: string[];
  reason: string;
}

export interface FlagThresholds {
  /** Below this many milliseconds per answered question a high score is implausible for a person reading. */
  minMsPerQuestion: number;
  /** A high score: at least this share of the maximum. */
  highScoreShare: number;
  /** Identical answers from one network within this window. */
  burstWindowMs: number;
  /** At least this many accounts on one device. */
  accountsPerDevice: number;
}

export const DEFAULT_FLAG_THRESHOLDS: FlagThresholds = {
  minMsPerQuestion: 2000,
  highScoreShare: 0.8,
  burstWindowMs: 10 * 60_000,
  accountsPerDevice: 3,
};

export function flagAttempts(
  traces: readonly AttemptTrace[],
  t: FlagThresholds = DEFAULT_FLAG_THRESHOLDS,
): AttemptFlag[] {
  const flags: AttemptFlag[] = [];
  for (const a of traces) {
    if (
      a.answeredCount > 0 &&
      a.maxScore > 0 &&
      a.score >= a.maxScore * t.highScoreShare &&
      a.durationMs < a.answeredCount * t.minMsPerQuestion
    )
      flags.push({
        kind: 'too_fast',
        attemptIds: [a.attemptId],
        userIds: [a.userId],
        reason: `Đạt ${a.score}/${a.maxScore} điểm trong ${Math.round(a.durationMs / 1000)} giây cho ${a.answeredCount} câu.`,
      });
  }
  const groups = new Map<string, AttemptTrace[]>();
  for (const a of traces) {
    if (!a.ip || a.answeredCount === 0) continue;
    const key = `${a.ip}\u0000${a.answerSignature}`;
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  for (const group of groups.values()) {
    const sorted = [...group].sort((x, y) => x.startedAt.getTime() - y.startedAt.getTime());
    // Sliding window: the largest run of distinct people within burstWindowMs.
    let best: AttemptTrace[] = [];
    for (let i = 0, j = 0; j < sorted.length; j++) {
      while (sorted[j]!.startedAt.getTime() - sorted[i]!.startedAt.getTime() > t.burstWindowMs) i++;
      const run = sorted.slice(i, j + 1);
      if (new Set(run.map((r) => r.userId)).size > new Set(best.map((r) => r.userId)).size) best = run;
    }
    const people = [...new Set(best.map((r) => r.userId))];
    if (people.length >= 2)
      flags.push({
        kind: 'identical_burst',
        attemptIds: best.map((r) => r.attemptId),
        userIds: people,
        reason: `${people.length} tài khoản nộp bài giống hệt nhau từ cùng một mạng (${best[0]!.ip}) trong thời gian ngắn.`,
      });
  }
  const devices = new Map<string, AttemptTrace[]>();
  for (const a of traces) if (a.deviceId) devices.set(a.deviceId, [...(devices.get(a.deviceId) ?? []), a]);
  for (const [deviceId, list] of devices) {
    const people = [...new Set(list.map((r) => r.userId))];
    if (people.length >= t.accountsPerDevice)
      flags.push({
        kind: 'shared_device',
        attemptIds: list.map((r) => r.attemptId),
        userIds: people,
        reason: `${people.length} tài khoản thi trên cùng một thiết bị (${deviceId.slice(0, 8)}…).`,
      });
  }
  return flags;
}
