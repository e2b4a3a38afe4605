import { describe, expect, it } from '@jest/globals';
import { itemFlags, tieReasons } from './report-rules.js';

const row = (
  rank: number,
  score: number,
  over: Partial<{ predictionDistance: number | null; durationMs: number }> = {},
) => ({
  rank,
  score,
  prediction: over.predictionDistance === null ? null : 10,
  predictionDistance: over.predictionDistance === undefined ? 0 : over.predictionDistance,
  durationMs: over.durationMs ?? 60_000,
  submittedAt: '2026-03-02T01:00:00.000Z',
});

describe('tieReasons', () => {
  it('gives nothing to a score nobody else has', () => {
    expect(tieReasons([row(1, 10), row(2, 9)], ['score', 'prediction', 'duration', 'submittedAt'])).toEqual([
      null,
      null,
    ]);
  });

  it('names the first key of the order that differs, against the row above and below', () => {
    const rows = [row(1, 10, { predictionDistance: 1 }), row(2, 10, { predictionDistance: 4 })];
    const [first, second] = tieReasons(rows, ['score', 'prediction', 'duration', 'submittedAt']);
    expect(first).toMatchObject({ against: 'below', decidedBy: 'prediction' });
    expect(second).toMatchObject({ against: 'above', decidedBy: 'prediction' });
    expect(second!.text).toBe('Cùng 10 điểm; xếp sau người ở trên vì dự đoán lệch 4 (người kia dự đoán lệch 1).');
  });

  it('follows the round order: time before the prediction when the round says so', () => {
    const rows = [row(1, 10, { predictionDistance: 5, durationMs: 30_000 }), row(2, 10, { predictionDistance: 1 })];
    expect(tieReasons(rows, ['score', 'duration'])[1]).toMatchObject({ decidedBy: 'duration' });
  });

  it('says when two people share a rank', () => {
    expect(tieReasons([row(1, 10), row(1, 10)], ['score'])[1]).toMatchObject({ decidedBy: null });
  });
});

describe('itemFlags', () => {
  it('flags too easy, too hard and a likely wrong key, and nothing on too few answers', () => {
    expect(itemFlags({ responses: 20, facility: 0.95, likelyWrongKey: false })).toEqual(['too_easy']);
    expect(itemFlags({ responses: 20, facility: 0.1, likelyWrongKey: true })).toEqual(['likely_wrong_key', 'too_hard']);
    expect(itemFlags({ responses: 3, facility: 1, likelyWrongKey: false })).toEqual([]);
    expect(itemFlags({ responses: 20, facility: 0.5, likelyWrongKey: false })).toEqual([]);
  });
});
