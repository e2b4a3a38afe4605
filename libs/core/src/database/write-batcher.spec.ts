import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
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

/**
 * A table written one statement at a time, all or nothing like PostgreSQL's: a statement holding a poisoned item (as
 * PostgreSQL refuses a NUL in jsonb) fails whole and writes nothing; `passingFailure` fails a statement for no item's
 * fault (a deadlock, a serialization failure).
 */
function atomicTable(poisoned: (n: number) => boolean, passingFailure: () => boolean = () => false) {
  const committed: number[] = [];
  let statements = 0;
  const write = async (items: number[]) => {
    statements++;
    await turn();
    if (passingFailure()) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
    if (items.some(poisoned))
      throw Object.assign(new Error('unsupported Unicode escape sequence: item 13 of user x'), { code: '22P05' });
    committed.push(...items);
    return items.map((n) => `row ${n}`);
  };
  return {
    write,
    committed,
    get statements() {
      return statements;
    },
  };
}

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

  it('a database that cannot be reached fails its whole batch at once, without retrying it, and the next batch still goes', async () => {
    const { batches, write } = manualWrites();
    const batcher = new WriteBatcher({ write, maxBatch: 100, maxInFlight: 1 });
    const failed = [batcher.push(1), batcher.push(2)];
    await turn();
    const later = batcher.push(3);
    batches[0]!.settle(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    await expect(failed[0]).rejects.toThrow('ECONNREFUSED');
    await expect(failed[1]).rejects.toThrow('ECONNREFUSED');
    await turn();
    expect(batches.map((b) => b.items)).toEqual([[1, 2], [3]]);
    batches[1]!.settle(['3']);
    await expect(later).resolves.toBe('3');
  });

  it('a poisoned item fails alone: every other item of its statement is written exactly once and answered', async () => {
    const db = atomicTable((n) => n === 13);
    const batcher = new WriteBatcher({ write: db.write, maxBatch: 100, maxInFlight: 2 });
    const items = Array.from({ length: 40 }, (_, i) => i + 1);
    const outcomes = await Promise.allSettled(items.map((n) => batcher.push(n)));
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason)).toEqual([
      expect.objectContaining({ code: '22P05' }),
    ]);
    expect(outcomes[12]!.status).toBe('rejected');
    expect(outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [o.value === `row ${items[i]}`] : []))).toEqual(
      Array(39).fill(true),
    );
    expect(db.committed.toSorted((a, b) => a - b)).toEqual(items.filter((n) => n !== 13));
    // Halving finds one bad item among 40 in a few statements, not one per item.
    expect(db.statements).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(40)));
  });

  it('several poisoned items in one statement: each fails alone, all the others are written once', async () => {
    const poisoned = new Set([1, 7, 8, 31]);
    const db = atomicTable((n) => poisoned.has(n));
    const batcher = new WriteBatcher({ write: db.write, maxBatch: 100, maxInFlight: 1 });
    const items = Array.from({ length: 32 }, (_, i) => i);
    const outcomes = await Promise.allSettled(items.map((n) => batcher.push(n)));
    expect(items.filter((n) => outcomes[n]!.status === 'rejected')).toEqual([...poisoned]);
    expect(db.committed.toSorted((a, b) => a - b)).toEqual(items.filter((n) => !poisoned.has(n)));
  });

  it('a statement that fails for a passing reason (a deadlock) is written again in parts: everyone is answered, once each', async () => {
    let failures = 1;
    const db = atomicTable(
      () => false,
      () => failures-- > 0,
    );
    const batcher = new WriteBatcher({ write: db.write, maxBatch: 100, maxInFlight: 1 });
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.push(n)));
    expect(outcomes).toEqual(['row 1', 'row 2', 'row 3', 'row 4', 'row 5']);
    expect(db.committed.toSorted((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
  });

  it('logs a failed statement by its code and counts, never its items or its message', async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => {
      lines.push(String(message));
    });
    try {
      const db = atomicTable((n) => n === 2);
      const batcher = new WriteBatcher({ write: db.write, maxBatch: 100, maxInFlight: 1, name: 'answer saves' });
      await Promise.allSettled([1, 2, 3, 4].map((n) => batcher.push(n)));
      await turn(); // the line is written once the last part's answer is out
    } finally {
      spy.mockRestore();
    }
    expect(lines).toEqual([
      'answer saves: a statement of 4 failed (22P05); 3 written in smaller statements, 1 refused',
    ]);
  });

  it('a write that returns the wrong number of outcomes fails its batch rather than answer anyone wrongly', async () => {
    const batcher = new WriteBatcher({ write: async () => ['only one'], maxBatch: 100, maxInFlight: 1 });
    const answers = [batcher.push(1), batcher.push(2)];
    await expect(answers[0]).rejects.toThrow('write returned 1 of 2');
    await expect(answers[1]).rejects.toThrow();
  });
});
