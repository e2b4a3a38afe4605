import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { QuestionSnapshot } from '#contracts';
import type { Principal } from '#core';
import { BankAccess } from '../bank/bank-access.js';
import { escapeLike } from '../bank/bank.repository.js';
import { QuestionBankReader, type PoolFilter } from '../question-bank.reader.js';
import { toSnapshot, type StoredContent } from './question-content.js';

interface SnapshotRow {
  questionId: string;
  versionId: string;
  version: number;
  bankId: string;
  content: StoredContent;
  /** file id → base64, for versions with embedded files */
  files: Record<string, string> | null;
}

/** Each snapshot with its embedded files' bytes, in the same statement (no query per question). */
const SNAPSHOT_COLUMNS = `q.id AS "questionId", v.id AS "versionId", v.version, v.bank_id AS "bankId", v.content,
  CASE WHEN v.content ? 'files' THEN (
    SELECT jsonb_object_agg(f.id, translate(encode(f.data, 'base64'), E'\\n', ''))
    FROM question_file f
    WHERE f.id IN (SELECT (x->>'fileId')::uuid FROM jsonb_array_elements(v.content->'files') x)
  ) END AS files`;

const POOL_WHERE = `q.bank_id = $1 AND q.published_version_id IS NOT NULL
  AND ($2::text IS NULL OR v.category_path = $2 OR v.category_path LIKE $3 || '/%' ESCAPE '\\')
  AND ($4::smallint IS NULL OR v.difficulty = $4)`;

const poolParams = (f: PoolFilter) => [
  f.bankId,
  f.category ?? null,
  f.category ? escapeLike(f.category) : null,
  f.difficulty ?? null,
];

function snapshot(row: SnapshotRow): QuestionSnapshot {
  const files = new Map(Object.entries(row.files ?? {}).map(([id, b64]) => [id, Buffer.from(b64, 'base64')]));
  return toSnapshot(row, files);
}

/**
 * The bank as consumers see it: published versions only, filtered by what the published version says (its category
 * and difficulty), in bank order. Each method is one statement.
 */
@Injectable()
export class PgQuestionBankReader extends QuestionBankReader {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: BankAccess,
  ) {
    super();
  }

  async publishedPool(filter: PoolFilter): Promise<QuestionSnapshot[]> {
    const rows: SnapshotRow[] = await this.dataSource.query(
      `SELECT ${SNAPSHOT_COLUMNS} FROM question q JOIN question_version v ON v.id = q.published_version_id
       WHERE ${POOL_WHERE} ORDER BY q.seq`,
      poolParams(filter),
    );
    return rows.map(snapshot);
  }

  async countPublished(filter: PoolFilter): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM question q JOIN question_version v ON v.id = q.published_version_id
       WHERE ${POOL_WHERE}`,
      poolParams(filter),
    );
    return rows[0]!.n;
  }

  async getVersions(versionIds: string[]): Promise<Map<string, QuestionSnapshot>> {
    if (!versionIds.length) return new Map();
    const rows: SnapshotRow[] = await this.dataSource.query(
      `SELECT ${SNAPSHOT_COLUMNS} FROM question_version v JOIN question q ON q.id = v.question_id
       WHERE v.id = ANY($1::uuid[])`,
      [versionIds],
    );
    return new Map(rows.map((r) => [r.versionId, snapshot(r)]));
  }

  async getPublished(questionIds: string[]): Promise<QuestionSnapshot[]> {
    if (!questionIds.length) return [];
    const rows: SnapshotRow[] = await this.dataSource.query(
      `SELECT ${SNAPSHOT_COLUMNS} FROM question q JOIN question_version v ON v.id = q.published_version_id
       WHERE q.id = ANY($1::uuid[])`,
      [questionIds],
    );
    const byId = new Map(rows.map((r) => [r.questionId, snapshot(r)]));
    return questionIds.flatMap((id) => byId.get(id) ?? []);
  }

  async assertBanksReadable(principal: Principal, bankIds: readonly string[]): Promise<void> {
    for (const bankId of new Set(bankIds)) await this.access.bank(principal, bankId);
  }
}
