import { createHash, randomUUID } from 'node:crypto';
import type { ErrorDetail, QuestionInput, QuestionStatus } from '#contracts';
import { asBytes } from '#core';
import { normalizeQuestion, validateQuestion } from '../question-rules.js';
import {
  assignIds,
  contentHashOf,
  normalizeCategoryPath,
  normalizeTags,
  searchTextOf,
  type StoredContent,
} from './question-content.js';
import type { NewFile, NewQuestionRow } from './question.repository.js';

/** A question checked and shaped for storage; file references get their ids once the bytes are stored. */
export interface PreparedQuestion {
  content: StoredContent;
  /** The embedded files by the sha256 the content's file references carry in `fileId` until stored. */
  files: NewFile[];
  categoryPath: string;
  tags: string[];
  searchText: string;
  contentHash: string;
}

export type PrepareResult = { ok: true; question: PreparedQuestion } | { ok: false; errors: ErrorDetail[] };

/** Files an import or an author may embed, and their size ceiling (they are served back from the database). */
export const MAX_FILE_BYTES = 512 * 1024;

/**
 * Normalizes (NFC, trimmed) and validates a question with the shared rules, then shapes it for storage: category path
 * and tags normalized, option ids assigned (kept from `previous` for unchanged options), search text and duplicate
 * hash computed, embedded files decoded. Pure: no I/O.
 */
export function prepareQuestion(input: QuestionInput, previous?: StoredContent): PrepareResult {
  const normalized = normalizeQuestion(input);
  const problems = validateQuestion(normalized);
  if (problems.length) return { ok: false, errors: problems.map((p) => ({ field: p.field, message: p.message })) };
  const categoryPath = normalizeCategoryPath(normalized.category);
  const tags = normalizeTags(normalized.tags);
  const files: NewFile[] = [];
  const errors: ErrorDetail[] = [];
  const fileRefs = (normalized.files ?? []).map((f, i) => {
    const data = Buffer.from(f.base64, 'base64');
    if (data.length > MAX_FILE_BYTES) {
      errors.push({ field: `files.${i}`, message: `Tệp "${f.name}" vượt quá ${MAX_FILE_BYTES / 1024} KB.` });
    }
    const sha256 = createHash('sha256').update(asBytes(data)).digest('hex');
    if (!files.some((x) => x.sha256 === sha256)) files.push({ sha256, mimeType: f.mimeType, data });
    return { name: f.name, mimeType: f.mimeType, fileId: sha256, size: data.length };
  });
  if (errors.length) return { ok: false, errors };
  const { options: _o, pairs: _p, files: _f, category: _c, tags: _t, ...rest } = normalized;
  const content: StoredContent = { ...rest, ...assignIds(normalized, previous) };
  if (categoryPath) content.category = categoryPath;
  if (tags.length) content.tags = tags;
  if (fileRefs.length) content.files = fileRefs;
  return {
    ok: true,
    question: {
      content,
      files,
      categoryPath,
      tags,
      searchText: searchTextOf(normalized),
      contentHash: contentHashOf(normalized.type, normalized.text),
    },
  };
}

/** Replaces the sha256 placeholders of file references by the stored files' ids. */
export function withFileIds(content: StoredContent, idsBySha: ReadonlyMap<string, string>): StoredContent {
  if (!content.files?.length) return content;
  return { ...content, files: content.files.map((f) => ({ ...f, fileId: idsBySha.get(f.fileId) ?? f.fileId })) };
}

/** The row a prepared question inserts as (ids fresh; the category id resolved by the caller). */
export function newQuestionRow(
  q: PreparedQuestion,
  categoryIds: ReadonlyMap<string, string>,
  fileIds: ReadonlyMap<string, string>,
  status: QuestionStatus,
): NewQuestionRow {
  const content = withFileIds(q.content, fileIds);
  return {
    id: randomUUID(),
    versionId: randomUUID(),
    categoryId: q.categoryPath ? (categoryIds.get(q.categoryPath) ?? null) : null,
    categoryPath: q.categoryPath,
    type: content.type,
    status,
    difficulty: content.difficulty ?? null,
    tags: q.tags,
    externalId: content.externalId ?? null,
    title: content.title ?? null,
    text: content.text,
    searchText: q.searchText,
    contentHash: q.contentHash,
    published: status === 'published',
    content,
  };
}
