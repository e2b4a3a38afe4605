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

/** Pools sorted by question id, once per pool array: the round's pools are cached and drawn from at every start. */
const sortedPools = new WeakMap<readonly QuestionSnapshot[], readonly QuestionSnapshot[]>();
function sortedById(pool: readonly QuestionSnapshot[]): readonly QuestionSnapshot[] {
  let sorted = sortedPools.get(pool);
  if (!sorted) {
    sorted = [...pool].sort((a, b) => (a.questionId < b.questionId ? -1 : a.questionId > b.questionId ? 1 : 0));
    sortedPools.set(pool, sorted);
  }
  return sorted;
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
    // Sorted so the draw depends on the seed only, not on the order the database returned the pool in.
    const pool = sortedById(pools[i] ?? []).filter((q) => !taken.has(q.questionId));
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
      item.choiceOrder = shuffled(matchingChoices(q), random);
    }
    return item;
  });
  return { ok: true, paper };
}

/** A matching question's answer choices: each pair's answer once, then the distractors that match no prompt. */
export function matchingChoices(q: Pick<QuestionSnapshot, 'pairs' | 'distractors'>): string[] {
  return [...new Set([...(q.pairs ?? []).map((p) => p.answer), ...(q.distractors ?? [])])];
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

/** The public options and pairs of a question version by id, built once per (cached) snapshot; shared by every
 * paper that shows them, so never mutated. */
const publicParts = new WeakMap<
  QuestionSnapshot,
  { options: Map<string, { id: string; text: string }>; pairs: Map<string, { id: string; prompt: string }> }
>();
function publicPartsOf(q: QuestionSnapshot) {
  let parts = publicParts.get(q);
  if (!parts) {
    parts = {
      options: new Map((q.options ?? []).map((o) => [o.id, { id: o.id, text: o.text }])),
      pairs: new Map((q.pairs ?? []).map((p) => [p.id, { id: p.id, prompt: p.prompt }])),
    };
    publicParts.set(q, parts);
  }
  return parts;
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
    const byId = publicPartsOf(q).options;
    out.options = item.optionOrder.flatMap((id) => byId.get(id) ?? []);
  }
  if (q.type === 'matching' && q.pairs) {
    const byId = publicPartsOf(q).pairs;
    out.pairs = (item.pairOrder ?? q.pairs.map((p) => p.id)).flatMap((id) => byId.get(id) ?? []);
    out.choices = item.choiceOrder ?? matchingChoices(q);
  }
  return out;
}
