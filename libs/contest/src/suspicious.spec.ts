import { describe, expect, it } from '@jest/globals';
import { flagAttempts, type AttemptTrace } from './suspicious.js';

const t0 = Date.parse('2026-03-02T08:00:00+07:00');
let n = 0;
const trace = (over: Partial<AttemptTrace> = {}): AttemptTrace => ({
  attemptId: `a${++n}`,
  userId: `u${n}`,
  ip: `10.0.0.${n}`,
  deviceId: `dev-${n}`,
  startedAt: new Date(t0 + n * 1000),
  durationMs: 300_000,
  answeredCount: 30,
  score: 25,
  maxScore: 30,
  answerSignature: `sig-${n}`,
  ...over,
});

describe('flagAttempts', () => {
  it('flags a high score reached impossibly fast', () => {
    const flags = flagAttempts([trace({ durationMs: 20_000, score: 30 })]);
    expect(flags).toEqual([expect.objectContaining({ kind: 'too_fast' })]);
  });
  it('does not flag a fast but low score (guessing is not cheating)', () => {
    expect(flagAttempts([trace({ durationMs: 20_000, score: 5 })])).toEqual([]);
  });
  it('flags identical answers from one network in a burst', () => {
    const same = { ip: '203.0.113.7', answerSignature: 'q1=a|q2=b' };
    const flags = flagAttempts([trace(same), trace(same), trace(same), trace({ ...same, ip: '198.51.100.1' })]);
    expect(flags).toEqual([expect.objectContaining({ kind: 'identical_burst' })]);
    expect(flags[0]!.userIds).toHaveLength(3);
  });
  it('does not flag identical answers from one network far apart in time', () => {
    const same = { ip: '203.0.113.7', answerSignature: 'q1=a|q2=b' };
    expect(flagAttempts([trace(same), trace({ ...same, startedAt: new Date(t0 + 86_400_000) })])).toEqual([]);
  });
  it('does not flag one person repeating their own answers', () => {
    const same = { ip: '203.0.113.7', answerSignature: 'x', userId: 'me' };
    expect(flagAttempts([trace(same), trace(same)])).toEqual([]);
  });
  it('flags many accounts on one device', () => {
    const flags = flagAttempts([trace({ deviceId: 'D' }), trace({ deviceId: 'D' }), trace({ deviceId: 'D' })]);
    expect(flags).toEqual([expect.objectContaining({ kind: 'shared_device' })]);
  });
  it('leaves two accounts on a family phone alone', () => {
    expect(flagAttempts([trace({ deviceId: 'D' }), trace({ deviceId: 'D' })])).toEqual([]);
  });
});
