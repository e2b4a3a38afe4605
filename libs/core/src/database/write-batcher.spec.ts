import { describe, expect, it } from '@jest/globals';
import { WriteBatcher } from './write-batcher.js';

/** A write whose batches the test can see and settle by hand. */
function manualWrites() {
  const batches: { items: number[]; settle: (outcomes: string[] | Error) => void }[] = [];
  const write = (items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push({ items, settle: (o) => (o instanceof Error ? reject(o) : resolve(o)) });
    });
  return { batches, write };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('WriteBatcher', () => {
  it('gathers the writes of one turn into one batch and answers each with its own outcome, in order', async () => {
    const { batches, write } = manualWrites();
    const batcher = new WriteBatcher({ write, maxBatch: 100, maxInFlight: 2 });
    const answers = [1, 2, 3].map((n) => batcher.push(n));
    await turn();
    expect(batches.map((b) => b.items)).toEqual([[1, 2, 3]]);
    batches[0]!.settle(['a', 'b', 'c']);
    await expect(Promise.all(answers)).resolves.toEqual(['a', 'b', 'c']);
  });

  it('answers nobody before the write settles', async () => {
    const { batches, write } = manualWrites();
    const batcher = new WriteBatcher({ write, maxBatch: 100, maxInFlight: 1 });
    let answered = false;
    void batcher.push(1).then(() => (answered = true));
    await turn();
    await turn();
    expect(answered).toBe(false);
    batches[0]!.settle(['ok']);
    await turn();
    expect(answered).toBe(true);
  });

  it('splits at maxBatch and keeps at most maxInFlight statements on their way; the rest wait their turn', async () => {
    const { batches, write } = manualWrites();
    const batcher = new WriteBatcher({ write, maxBatch: 2, maxInFlight: 2 });
    const answers = [1, 2, 3, 4, 5, 6, 7].map((n) => batcher.push(n));
    await turn();
    expect(batches.map((b) => b.items)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(batcher.waiting).toBe(3);
    batches[0]!.settle(['1', '2']);
    await turn();
    await turn();
    expect(batches.map((b) => b.items)).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    batches[1]!.settle(['3', '4']);
    batches[2]!.settle(['5', '6']);
    await turn();
    await turn();
    expect(batches[3]!.items).toEqual([7]);
    batches[3]!.settle(['7']);
    await expect(Promise.all(answers)).resolves.toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });

  it('a failed write rejects every write of its batch and the next batch still goes', async () => {
    const { batches, write } = manualWrites();
    const batcher = new WriteBatcher({ write, maxBatch: 100, maxInFlight: 1 });
    const failed = [batcher.push(1), batcher.push(2)];
    await turn();
    const later = batcher.push(3);
    batches[0]!.settle(new Error('database restarting'));
    await expect(failed[0]).rejects.toThrow('database restarting');
    await expect(failed[1]).rejects.toThrow('database restarting');
    await turn();
    batches[1]!.settle(['3']);
    await expect(later).resolves.toBe('3');
  });

  it('a write that returns the wrong number of outcomes fails its batch rather than answer anyone wrongly', async () => {
    const batcher = new WriteBatcher({ write: async () => ['only one'], maxBatch: 100, maxInFlight: 1 });
    const answers = [batcher.push(1), batcher.push(2)];
    await expect(answers[0]).rejects.toThrow('write returned 1 of 2');
    await expect(answers[1]).rejects.toThrow();
  });
});
