import { createHash, randomBytes } from 'node:crypto';
import type { ChoiceOption, MatchingPair, QuestionInput, QuestionSnapshot } from '#contracts';

/** An embedded file as a version stores it: the bytes live once per bank in question_file. */
export interface StoredFile {
  name: string;
  mimeType: string;
  fileId: string;
  size: number;
}

/**
 * A version's content as stored (jsonb): the question as authored, with ids on options and pairs, and file references
 * instead of base64. Immutable once written.
 */
export type StoredContent = Omit<QuestionInput, 'options' | 'pairs' | 'files'> & {
  options?: (ChoiceOption & { id: string })[];
  pairs?: (MatchingPair & { id: string })[];
  files?: StoredFile[];
};

/**
 * Lowercase, without diacritics, đ→d, whitespace collapsed: what search compares, so "an ninh mang" finds
 * "An ninh mạng". Computed here (not with unaccent in SQL) so the column and the query are normalized the same way.
 */
export function searchNormalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Everything a search may match: title, text and the text of options, answers and pairs. */
export function searchTextOf(
  q: Pick<QuestionInput, 'title' | 'text' | 'options' | 'answers' | 'pairs' | 'distractors' | 'externalId'>,
) {
  const parts: string[] = [q.title ?? '', q.externalId ?? '', q.text];
  for (const o of q.options ?? []) parts.push(o.text);
  for (const a of q.answers ?? []) if ('text' in a) parts.push(a.text);
  for (const p of q.pairs ?? []) parts.push(p.prompt, p.answer);
  parts.push(...(q.distractors ?? []));
  return searchNormalize(parts.filter(Boolean).join(' '));
}

/**
 * Two questions are duplicates when they have the same type and the same text up to case, Unicode form and spacing.
 * Diacritics count: "ma" and "mà" are different words in Vietnamese.
 */
export function contentHashOf(type: string, text: string): string {
  const canonical = text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(`${type}\n${canonical}`).digest('hex');
}

/** Category paths are cleaned by the shared rules ("a / b/" → "a/b"; "" is the root). */
export { cleanCategoryPath as normalizeCategoryPath } from '../question-rules.js';

/** "A/B/C" → ["A", "A/B", "A/B/C"]; the root has none. */
export function categoryAncestors(path: string): string[] {
  if (!path) return [];
  const segments = path.split('/');
  return segments.map((_, i) => segments.slice(0, i + 1).join('/'));
}

/** Tags trimmed, NFC, lowercased and without repeats, in the order given. */
export function normalizeTags(tags: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const tag of tags ?? []) {
    const t = tag.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

/** A short random id: not derived from the position, so an option's id says nothing about which one is the key. */
export const randomOptionId = (): string => randomBytes(6).toString('base64url');

/**
 * Gives every option and matching pair an id for a new version. Ids are random (an id like "a" would reveal that the
 * first authored option — often the key — is "a"), and an option or pair whose text is unchanged from the previous
 * version keeps its id, so a key correction can regrade attempts answered against an older version.
 */
export function assignIds(
  input: QuestionInput,
  previous?: Pick<StoredContent, 'options' | 'pairs'>,
  newId: () => string = randomOptionId,
): Pick<StoredContent, 'options' | 'pairs'> {
  const used = new Set<string>();
  const fresh = () => {
    let id = newId();
    while (used.has(id)) id = newId();
    used.add(id);
    return id;
  };
  const reuse = <T extends { id: string }>(pool: T[] | undefined, key: (x: T) => string, k: string) => {
    const hit = pool?.find((x) => key(x) === k && !used.has(x.id));
    if (!hit) return undefined;
    used.add(hit.id);
    return hit.id;
  };
  const result: Pick<StoredContent, 'options' | 'pairs'> = {};
  if (input.options) {
    result.options = input.options.map((o) => ({
      ...o,
      id: reuse(previous?.options, (p) => p.text, o.text) ?? fresh(),
    }));
  }
  if (input.pairs) {
    result.pairs = input.pairs.map((p) => ({
      ...p,
      id: reuse(previous?.pairs, (x) => `${x.prompt}\u0000${x.answer}`, `${p.prompt}\u0000${p.answer}`) ?? fresh(),
    }));
  }
  return result;
}

/** The snapshot consumers receive, from a stored version (files carry their bytes only when given). */
export function toSnapshot(
  row: { questionId: string; versionId: string; version: number; bankId: string; content: StoredContent },
  fileData?: Map<string, Buffer>,
): QuestionSnapshot {
  const { files, ...content } = row.content;
  const snapshot: QuestionSnapshot = {
    ...content,
    questionId: row.questionId,
    versionId: row.versionId,
    version: row.version,
    bankId: row.bankId,
  };
  if (files?.length) {
    snapshot.files = files.map((f) => ({
      name: f.name,
      mimeType: f.mimeType,
      base64: fileData?.get(f.fileId)?.toString('base64') ?? '',
    }));
  }
  return snapshot;
}

/** The content back as a QuestionInput (ids dropped), e.g. for export or to edit. */
export function toInput(content: StoredContent, fileData?: Map<string, Buffer>): QuestionInput {
  const { options, pairs, files, ...rest } = content;
  const input: QuestionInput = { ...rest };
  if (options) input.options = options.map(({ id: _id, ...o }) => o);
  if (pairs) input.pairs = pairs.map(({ id: _id, ...p }) => p);
  if (files?.length) {
    input.files = files.map((f) => ({
      name: f.name,
      mimeType: f.mimeType,
      base64: fileData?.get(f.fileId)?.toString('base64') ?? '',
    }));
  }
  return input;
}
