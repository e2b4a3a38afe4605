import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { QuestionStatus, QuestionType } from '#contracts';
import { PEOPLE_SQL, UNITS_SQL } from '#identity';
import { escapeLike } from '../bank/bank.repository.js';
import type { ReviewAction } from '../entities/question-review-event.entity.js';
import type { StoredContent } from './question-content.js';

/** The columns a question row has whether it is being read or written. */
interface QuestionColumns {
  categoryPath: string;
  type: QuestionType;
  status: QuestionStatus;
  difficulty: number | null;
  tags: string[];
  externalId: string | null;
  title: string | null;
  text: string;
  contentHash: string;
}

/** A question row as the service reads it, with its bank's owner path for the scope check. */
export interface QuestionRow extends QuestionColumns {
  id: string;
  bankId: string;
  ownerPath: string;
  currentVersionId: string;
  currentVersion: number;
  publishedVersionId: string | null;
  publishedVersion: number | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface VersionRow {
  id: string;
  questionId: string;
  bankId: string;
  version: number;
  content: StoredContent;
  authorId: string | null;
  createdAt: Date;
}

export interface ReviewEventRow {
  version: number;
  action: ReviewAction;
  fromStatus: string;
  toStatus: string;
  actorId: string | null;
  actorName: string | null;
  comment: string | null;
  createdAt: Date;
}

/** What one new question needs; ids are made by the caller so questions and versions insert in two statements. */
export interface NewQuestionRow extends QuestionColumns {
  id: string;
  versionId: string;
  categoryId: string | null;
  searchText: string;
  published: boolean;
  content: StoredContent;
}

export interface NewReviewEvent {
  questionId: string;
  version: number;
  action: ReviewAction;
  fromStatus: string;
  toStatus: string;
  comment: string | null;
}

export interface QuestionFilter {
  bankId: string;
  category?: string;
  status?: QuestionStatus;
  type?: QuestionType;
  difficulty?: number;
  tag?: string;
  /** Already search-normalized words; each must appear. */
  words?: string[];
  offset: number;
  limit: number;
}

export interface NewFile {
  sha256: string;
  mimeType: string;
  data: Buffer;
}

const QUESTION_COLUMNS = `q.id, q.bank_id AS "bankId", u.path AS "ownerPath", q.category_path AS "categoryPath", q.type,
  q.status, q.difficulty, q.tags, q.external_id AS "externalId", q.title, q.text, q.content_hash AS "contentHash",
  q.current_version_id AS "currentVersionId", q.current_version AS "currentVersion",
  q.published_version_id AS "publishedVersionId", q.published_version AS "publishedVersion",
  q.created_by AS "createdBy", q.created_at AS "createdAt", q.updated_at AS "updatedAt"`;
const QUESTION_FROM = `question q JOIN question_bank b ON b.id = q.bank_id JOIN ${UNITS_SQL} u ON u.id = b.owner_unit_id`;
const VERSION_COLUMNS = `v.id, v.question_id AS "questionId", v.bank_id AS "bankId", v.version, v.content,
  v.author_id AS "authorId", v.created_at AS "createdAt"`;

/** Rows per statement in batch inserts: large enough to be few statements, small enough to bound memory. */
const BATCH = 2000;

function chunks<T>(rows: T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** The only door to question, question_version, question_category, question_review_event and question_file. */
@Injectable()
export class QuestionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async findById(id: string, manager?: EntityManager, lock = false): Promise<QuestionRow | null> {
    const rows: QuestionRow[] = await this.m(manager).query(
      `SELECT ${QUESTION_COLUMNS} FROM ${QUESTION_FROM} WHERE q.id = $1${lock ? ' FOR UPDATE OF q' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async findVersion(questionId: string, version: number): Promise<VersionRow | null> {
    const rows: VersionRow[] = await this.dataSource.query(
      `SELECT ${VERSION_COLUMNS} FROM question_version v WHERE v.question_id = $1 AND v.version = $2`,
      [questionId, version],
    );
    return rows[0] ?? null;
  }

  listVersions(questionId: string): Promise<VersionRow[]> {
    return this.dataSource.query(
      `SELECT ${VERSION_COLUMNS} FROM question_version v WHERE v.question_id = $1 ORDER BY v.version DESC`,
      [questionId],
    );
  }

  listReviewEvents(questionId: string): Promise<ReviewEventRow[]> {
    return this.dataSource.query(
      `SELECT e.version, e.action, e.from_status AS "fromStatus", e.to_status AS "toStatus", e.actor_id AS "actorId",
              a.full_name AS "actorName", e.comment, e.created_at AS "createdAt"
       FROM question_review_event e LEFT JOIN ${PEOPLE_SQL} a ON a.id = e.actor_id
       WHERE e.question_id = $1 ORDER BY e.created_at, e.id`,
      [questionId],
    );
  }

  /** One page of a bank's questions and the total matching, in insertion order (stable across pages). */
  async list(filter: QuestionFilter): Promise<{ rows: QuestionRow[]; total: number }> {
    const where = ['q.bank_id = $1'];
    const params: unknown[] = [filter.bankId];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.category) {
      // "A" covers "A" and "A/…": equality on the raw path, a prefix match on its LIKE-escaped form.
      params.push(filter.category, escapeLike(filter.category));
      where.push(
        `(q.category_path = $${params.length - 1} OR q.category_path LIKE $${params.length} || '/%' ESCAPE '\\')`,
      );
    }
    if (filter.status) add((p) => `q.status = ${p}`, filter.status);
    if (filter.type) add((p) => `q.type = ${p}`, filter.type);
    if (filter.difficulty) add((p) => `q.difficulty = ${p}`, filter.difficulty);
    if (filter.tag) add((p) => `q.tags @> ARRAY[${p}::text]`, filter.tag);
    for (const word of filter.words ?? [])
      add((p) => `q.search_text LIKE '%' || ${p} || '%' ESCAPE '\\'`, escapeLike(word));
    const whereSql = where.join(' AND ');
    const [rows, count] = await Promise.all([
      this.dataSource.query(
        `SELECT ${QUESTION_COLUMNS} FROM ${QUESTION_FROM} WHERE ${whereSql} ORDER BY q.seq
         LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, filter.limit, filter.offset],
      ) as Promise<QuestionRow[]>,
      this.dataSource.query(`SELECT count(*)::int AS n FROM question q WHERE ${whereSql}`, params) as Promise<
        { n: number }[]
      >,
    ]);
    return { rows, total: count[0]!.n };
  }

  /** Question count per category path of a bank ("" = no category), and every category path it has. */
  async categoryCounts(bankId: string): Promise<{ paths: string[]; counts: Map<string, number> }> {
    const [paths, counts] = await Promise.all([
      this.dataSource.query('SELECT path FROM question_category WHERE bank_id = $1', [bankId]) as Promise<
        { path: string }[]
      >,
      this.dataSource.query(
        'SELECT category_path AS path, count(*)::int AS n FROM question WHERE bank_id = $1 GROUP BY category_path',
        [bankId],
      ) as Promise<{ path: string; n: number }[]>,
    ]);
    return { paths: paths.map((r) => r.path), counts: new Map(counts.map((r) => [r.path, r.n])) };
  }

  /** Which of these content hashes the bank already has, with one question id each. */
  async existingHashes(bankId: string, hashes: string[], manager?: EntityManager): Promise<Map<string, string>> {
    if (!hashes.length) return new Map();
    const rows: { hash: string; id: string }[] = await this.m(manager).query(
      `SELECT DISTINCT ON (content_hash) content_hash AS hash, id FROM question
       WHERE bank_id = $1 AND content_hash = ANY($2::text[]) ORDER BY content_hash, seq`,
      [bankId, hashes],
    );
    return new Map(rows.map((r) => [r.hash, r.id]));
  }

  /** Creates the categories (and their ancestors, which the caller includes) that do not exist; returns path → id. */
  async ensureCategories(bankId: string, paths: string[], manager: EntityManager): Promise<Map<string, string>> {
    if (!paths.length) return new Map();
    await manager.query(
      `INSERT INTO question_category (bank_id, path, depth)
       SELECT $1, p, array_length(string_to_array(p, '/'), 1) - 1 FROM unnest($2::text[]) AS p
       ON CONFLICT (bank_id, path) DO NOTHING`,
      [bankId, paths],
    );
    const rows: { id: string; path: string }[] = await manager.query(
      'SELECT id, path FROM question_category WHERE bank_id = $1 AND path = ANY($2::text[])',
      [bankId, paths],
    );
    return new Map(rows.map((r) => [r.path, r.id]));
  }

  /** Inserts questions with their first version, in a few statements whatever their number. */
  async insertQuestions(bankId: string, actorId: string | null, rows: NewQuestionRow[], manager: EntityManager) {
    for (const part of chunks(rows)) {
      await manager.query(
        `INSERT INTO question (id, bank_id, category_id, category_path, type, status, difficulty, tags, external_id,
           title, text, search_text, content_hash, current_version_id, current_version, published_version_id,
           published_version, created_by)
         SELECT t.id, $1, t.category_id, t.category_path, t.type, t.status, t.difficulty,
           ARRAY(SELECT jsonb_array_elements_text(t.tags)), t.external_id, t.title, t.text, t.search_text,
           t.content_hash, t.version_id, 1, CASE WHEN t.published THEN t.version_id END,
           CASE WHEN t.published THEN 1 END, $2
         FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::smallint[], $9::jsonb[],
           $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::uuid[], $16::boolean[])
           AS t(id, category_id, category_path, type, status, difficulty, tags, external_id, title, text, search_text,
             content_hash, version_id, published)`,
        [
          bankId,
          actorId,
          part.map((r) => r.id),
          part.map((r) => r.categoryId),
          part.map((r) => r.categoryPath),
          part.map((r) => r.type),
          part.map((r) => r.status),
          part.map((r) => r.difficulty),
          part.map((r) => JSON.stringify(r.tags)),
          part.map((r) => r.externalId),
          part.map((r) => r.title),
          part.map((r) => r.text),
          part.map((r) => r.searchText),
          part.map((r) => r.contentHash),
          part.map((r) => r.versionId),
          part.map((r) => r.published),
        ],
      );
      await this.insertVersions(
        bankId,
        actorId,
        part.map((r) => ({ id: r.versionId, questionId: r.id, version: 1, content: r.content })),
        manager,
      );
    }
  }

  async insertVersions(
    bankId: string,
    authorId: string | null,
    rows: { id: string; questionId: string; version: number; content: StoredContent }[],
    manager: EntityManager,
  ): Promise<void> {
    for (const part of chunks(rows)) {
      await manager.query(
        `INSERT INTO question_version (id, question_id, bank_id, version, type, category_path, difficulty, content,
           author_id)
         SELECT t.id, t.question_id, $1, t.version, t.content->>'type', coalesce(t.content->>'category', ''),
           (t.content->>'difficulty')::smallint, t.content, $2
         FROM unnest($3::uuid[], $4::uuid[], $5::int[], $6::jsonb[]) AS t(id, question_id, version, content)`,
        [
          bankId,
          authorId,
          part.map((r) => r.id),
          part.map((r) => r.questionId),
          part.map((r) => r.version),
          part.map((r) => JSON.stringify(r.content)),
        ],
      );
    }
  }

  async insertReviewEvents(actorId: string | null, events: NewReviewEvent[], manager: EntityManager): Promise<void> {
    for (const part of chunks(events)) {
      await manager.query(
        `INSERT INTO question_review_event (question_id, version, action, from_status, to_status, actor_id, comment)
         SELECT t.question_id, t.version, t.action, t.from_status, t.to_status, $1, t.comment
         FROM unnest($2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[])
           AS t(question_id, version, action, from_status, to_status, comment)`,
        [
          actorId,
          part.map((e) => e.questionId),
          part.map((e) => e.version),
          part.map((e) => e.action),
          part.map((e) => e.fromStatus),
          part.map((e) => e.toStatus),
          part.map((e) => e.comment),
        ],
      );
    }
  }

  /** Points a question at its new latest version and refreshes the columns lists filter on. */
  async applyNewVersion(
    row: Omit<NewQuestionRow, 'published' | 'content'> & { version: number },
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `UPDATE question SET category_id = $2, category_path = $3, type = $4, status = $5, difficulty = $6, tags = $7,
         external_id = $8, title = $9, text = $10, search_text = $11, content_hash = $12, current_version_id = $13,
         current_version = $14, updated_at = now()
       WHERE id = $1`,
      [
        row.id,
        row.categoryId,
        row.categoryPath,
        row.type,
        row.status,
        row.difficulty,
        row.tags,
        row.externalId,
        row.title,
        row.text,
        row.searchText,
        row.contentHash,
        row.versionId,
        row.version,
      ],
    );
  }

  /** Moves the review status; approving also makes the current version the published (drawable) one. */
  async setStatus(id: string, status: QuestionStatus, publishCurrent: boolean, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE question SET status = $2, updated_at = now()${
        publishCurrent ? ', published_version_id = current_version_id, published_version = current_version' : ''
      } WHERE id = $1`,
      [id, status],
    );
  }

  /** Stores files once per bank (by content hash); returns sha256 → file id. */
  async ensureFiles(bankId: string, files: NewFile[], manager: EntityManager): Promise<Map<string, string>> {
    if (!files.length) return new Map();
    await manager.query(
      `INSERT INTO question_file (bank_id, sha256, mime_type, size, data)
       SELECT $1, t.sha256, t.mime_type, length(t.data), t.data
       FROM unnest($2::text[], $3::text[], $4::bytea[]) AS t(sha256, mime_type, data)
       ON CONFLICT (bank_id, sha256) DO NOTHING`,
      [bankId, files.map((f) => f.sha256), files.map((f) => f.mimeType), files.map((f) => f.data)],
    );
    const rows: { id: string; sha256: string }[] = await manager.query(
      'SELECT id, sha256 FROM question_file WHERE bank_id = $1 AND sha256 = ANY($2::text[])',
      [bankId, files.map((f) => f.sha256)],
    );
    return new Map(rows.map((r) => [r.sha256, r.id]));
  }

  async fileData(fileIds: string[]): Promise<Map<string, Buffer>> {
    if (!fileIds.length) return new Map();
    const rows: { id: string; data: Buffer }[] = await this.dataSource.query(
      'SELECT id, data FROM question_file WHERE id = ANY($1::uuid[])',
      [fileIds],
    );
    return new Map(rows.map((r) => [r.id, r.data]));
  }

  async findFile(id: string): Promise<{ id: string; bankId: string; mimeType: string; data: Buffer } | null> {
    const rows: { id: string; bankId: string; mimeType: string; data: Buffer }[] = await this.dataSource.query(
      'SELECT id, bank_id AS "bankId", mime_type AS "mimeType", data FROM question_file WHERE id = $1',
      [id],
    );
    return rows[0] ?? null;
  }

  /** The current versions of a bank's questions (optionally one category subtree), in bank order: for export. */
  /** The latest version of each question of a bank, optionally in one category subtree and one status, in bank order. */
  currentVersionsOf(
    bankId: string,
    filter: { category?: string; status?: QuestionStatus } = {},
  ): Promise<VersionRow[]> {
    const { category, status } = filter;
    return this.dataSource.query(
      `SELECT ${VERSION_COLUMNS} FROM question q JOIN question_version v ON v.id = q.current_version_id
       WHERE q.bank_id = $1 AND ($2::text IS NULL OR q.category_path = $2 OR q.category_path LIKE $3 || '/%' ESCAPE '\\')
         AND ($4::text IS NULL OR q.status = $4)
       ORDER BY q.seq`,
      [bankId, category ?? null, category ? escapeLike(category) : null, status ?? null],
    );
  }
}
