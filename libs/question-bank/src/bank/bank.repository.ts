import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { UNITS_SQL } from '#identity';
import { QuestionBank } from '../entities/question-bank.entity.js';

export interface BankRow {
  id: string;
  name: string;
  description: string | null;
  ownerUnitId: string;
  ownerUnitName: string;
  ownerPath: string;
  createdBy: string | null;
  createdAt: Date;
  archivedAt: Date | null;
  questionCount: number;
  publishedCount: number;
}

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

const BANK_COLUMNS = `b.id, b.name, b.description, b.owner_unit_id AS "ownerUnitId", u.name AS "ownerUnitName",
  u.path AS "ownerPath", b.created_by AS "createdBy", b.created_at AS "createdAt",
  b.archived_at AS "archivedAt",
  (SELECT count(*)::int FROM question q WHERE q.bank_id = b.id) AS "questionCount",
  (SELECT count(*)::int FROM question q WHERE q.bank_id = b.id AND q.published_version_id IS NOT NULL) AS "publishedCount"`;

/** The only door to question_bank. Reads scoped to a subtree filter by the owner unit's path prefix first. */
@Injectable()
export class BankRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(
    bank: Pick<QuestionBank, 'name' | 'description' | 'ownerUnitId' | 'createdBy'>,
    manager?: EntityManager,
  ) {
    const m = manager ?? this.dataSource.manager;
    const rows: { id: string }[] = await m.query(
      'INSERT INTO question_bank (name, description, owner_unit_id, created_by) VALUES ($1, $2, $3, $4) RETURNING id',
      [bank.name, bank.description, bank.ownerUnitId, bank.createdBy],
    );
    return rows[0]!.id;
  }

  async findById(id: string): Promise<BankRow | null> {
    const rows: BankRow[] = await this.dataSource.query(
      `SELECT ${BANK_COLUMNS} FROM question_bank b JOIN ${UNITS_SQL} u ON u.id = b.owner_unit_id WHERE b.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async findByName(ownerUnitId: string, name: string): Promise<BankRow | null> {
    const rows: BankRow[] = await this.dataSource.query(
      `SELECT ${BANK_COLUMNS} FROM question_bank b JOIN ${UNITS_SQL} u ON u.id = b.owner_unit_id
       WHERE b.owner_unit_id = $1 AND b.name = $2`,
      [ownerUnitId, name],
    );
    return rows[0] ?? null;
  }

  async importMapping(bankId: string): Promise<Record<string, string> | null> {
    const rows: { mapping: Record<string, string> | null }[] = await this.dataSource.query(
      'SELECT import_mapping AS mapping FROM question_bank WHERE id = $1',
      [bankId],
    );
    return rows[0]?.mapping ?? null;
  }

  async saveImportMapping(bankId: string, mapping: Record<string, string> | null, manager?: EntityManager) {
    await (manager ?? this.dataSource.manager).query('UPDATE question_bank SET import_mapping = $2 WHERE id = $1', [
      bankId,
      mapping === null ? null : JSON.stringify(mapping),
    ]);
  }

  /**
   * Banks whose owner unit lies under `pathPrefix` (every bank when null), newest first: the archived ones only when
   * `archived`, else the others.
   */
  listInScope(pathPrefix: string | null, archived = false): Promise<BankRow[]> {
    return this.dataSource.query(
      `SELECT ${BANK_COLUMNS} FROM question_bank b JOIN ${UNITS_SQL} u ON u.id = b.owner_unit_id
       WHERE ($1::text IS NULL OR u.path LIKE $1 || '%' ESCAPE '\\')
         AND (b.archived_at IS NOT NULL) = $2
       ORDER BY b.created_at DESC, b.id`,
      [pathPrefix === null ? null : escapeLike(pathPrefix), archived],
    );
  }

  /** Renames, describes, archives (a time) or restores (null) a bank; only the fields given change. */
  async update(
    id: string,
    changes: { name?: string; description?: string | null; archivedAt?: Date | null },
  ): Promise<void> {
    const set: Partial<QuestionBank> = {};
    if (changes.name !== undefined) set.name = changes.name;
    if (changes.description !== undefined) set.description = changes.description;
    if (changes.archivedAt !== undefined) set.archivedAt = changes.archivedAt;
    if (Object.keys(set).length) await this.dataSource.manager.update(QuestionBank, { id }, set);
  }
}
