import type { QuestionSnapshot } from '#contracts';
import { seededRandom, shuffled } from './random.js';

/** One line of a blueprint: so many questions from a category (and its subcategories), optionally of a difficulty. */
export interface BlueprintEntry {
  category: string;
  difficulty?: 1 | 2 | 3;
  count: number;
}

/** A drawn question: which version, and the order its options (or matching choices) are shown in. */
export interface PaperItem {
  questionId: string;
  versionId: string;
  /** Option ids in display order (choice questions); empty otherwise. */
  optionOrder: string[];
  /** Matching: pair ids in display order and the answer choices in display order. */
  pairOrder?: string[];
  choiceOrder?: string[];
}

export type DrawResult = { ok: true; paper: PaperItem[] } | { ok: false; entry: number; available: number };

/**
 * Draws a paper: for each blueprint line, questions the person has not seen before come first, then the others; no
 * question twice even when lines overlap; question order and option order shuffled. Deterministic for a seed.
 * `pools[i]` is the published pool of `blueprint[i]`.
 */
export function drawPaper(
  blueprint: readonly BlueprintEntry[],
  pools: readonly (readonly QuestionSnapshot[])[],
  seen: ReadonlySet<string>,
  seed: string,
): DrawResult {
  const random = seededRandom(seed);
  const taken = new Set<string>();
  const chosen: QuestionSnapshot[] = [];
  for (let i = 0; i < blueprint.length; i++) {
    const entry = blueprint[i]!;
    // Sort first so the draw depends on the seed only, not on the order the database returned the pool in.
    const pool = [...(pools[i] ?? [])]
      .filter((q) => !taken.has(q.questionId))
      .sort((a, b) => (a.questionId < b.questionId ? -1 : a.questionId > b.questionId ? 1 : 0));
    if (pool.length < entry.count) return { ok: false, entry: i, available: pool.length };
    const fresh = shuffled(
      pool.filter((q) => !seen.has(q.questionId)),
      random,
    );
    const old = shuffled(
      pool.filter((q) => seen.has(q.questionId)),
      random,
    );
    for (const q of [...fresh, ...old].slice(0, entry.count)) {
      taken.add(q.questionId);
      chosen.push(q);
    }
  }
  const paper = shuffled(chosen, random).map((q): PaperItem => {
    const item: PaperItem = {
      questionId: q.questionId,
      versionId: q.versionId,
      optionOrder: shuffled(
        (q.options ?? []).map((o) => o.id),
        random,
      ),
    };
    if (q.type === 'matching') {
      item.pairOrder = shuffled(
        (q.pairs ?? []).map((p) => p.id),
        random,
      );
      item.choiceOrder = shuffled([...new Set((q.pairs ?? []).map((p) => p.answer))], random);
    }
    return item;
  });
  return { ok: true, paper };
}

/** What a participant sees of a question: no fractions, no key, no feedback. */
export interface PublicQuestion {
  id: string;
  type: QuestionSnapshot['type'];
  text: string;
  format?: QuestionSnapshot['format'];
  options?: { id: string; text: string }[];
  /** Matching: the prompts to match, and the answer texts to choose from. */
  pairs?: { id: string; prompt: string }[];
  choices?: string[];
}

export function toPublicQuestion(q: QuestionSnapshot, item: PaperItem): PublicQuestion {
  const out: PublicQuestion = { id: q.questionId, type: q.type, text: q.text };
  if (q.format) out.format = q.format;
  if (q.type === 'truefalse')
    out.options = [
      { id: 'true', text: 'Đúng' },
      { id: 'false', text: 'Sai' },
    ];
  else if (q.options) {
    const byId = new Map(q.options.map((o) => [o.id, o]));
    out.options = item.optionOrder.flatMap((id) => {
      const o = byId.get(id);
      return o ? [{ id: o.id, text: o.text }] : [];
    });
  }
  if (q.type === 'matching' && q.pairs) {
    const byId = new Map(q.pairs.map((p) => [p.id, p]));
    out.pairs = (item.pairOrder ?? q.pairs.map((p) => p.id)).flatMap((id) => {
      const p = byId.get(id);
      return p ? [{ id: p.id, prompt: p.prompt }] : [];
    });
    out.choices = item.choiceOrder ?? [...new Set(q.pairs.map((p) => p.answer))];
  }
  return out;
}
