import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { PEOPLE_SQL, UNITS_SQL, foldSql, foldedContains, inSubtreeSql } from '#identity';
import type { BatchSource, BatchStatus, CertificateBatch } from './entities/certificate-batch.entity.js';
import { CertificateImage } from './entities/certificate-image.entity.js';
import { CertificateTemplate } from './entities/certificate-template.entity.js';
import { Certificate, type CertificateSource } from './entities/certificate.entity.js';
import { CODE_LENGTH } from './verification-code.js';

/** A person as issuance needs them (identity's tables read through identity-sql.ts). */
export interface HolderRow {
  id: string;
  fullName: string;
  birthDate: string | null;
  publicNameConsent: boolean;
  unitName: string | null;
}

export interface CertificateListFilter {
  batchId?: string;
  templateId?: string;
  q?: string;
  source?: CertificateSource;
  status?: 'active' | 'revoked' | 'expired';
}

/**
 * The query as the start of a code (at least 4 characters of Crockford base32 once separators and look-alikes are
 * folded, as parseVerificationCode reads a code), or null; LIKE's own characters cannot occur in it.
 */
function codePrefix(q: string): string | null {
  const folded = q.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0').replace(/U/g, 'V');
  return folded.length >= 4 && folded.length <= CODE_LENGTH && /^[0-9A-HJKMNP-TV-Z]+$/.test(folded) ? folded : null;
}

/**
 * What a certificate's PDF is rendered from (CertificatePdfs.render), and its id: a batch's zip reads only these, not
 * the credential (the largest column), so the thousands of rows it goes through stay small.
 */
const PRINTED_COLUMNS = [
  'id',
  'code',
  'holderName',
  'issuerName',
  'title',
  'bodyText',
  'signerName',
  'signerTitle',
  'orientation',
  'emblemImageId',
  'backgroundImageId',
  'issuedAt',
] as const satisfies readonly (keyof Certificate)[];
export type PrintedCertificate = Pick<Certificate, (typeof PRINTED_COLUMNS)[number]>;

/** A certificate with what the verify page needs of its holder now (age and consent decide the name shown). */
export interface VerifiedRow {
  certificate: Certificate;
  birthDate: string | null;
  publicNameConsent: boolean;
  keyRevoked: boolean;
}

const CERTIFICATE_INSERT_COLUMNS = [
  'id',
  'code',
  'template_id',
  'user_id',
  'unit_id',
  'source',
  'achievement_key',
  'achievement_name',
  'rank',
  'score',
  'prize_label',
  'holder_name',
  'holder_birth_date',
  'holder_unit_name',
  'issuer_name',
  'title',
  'body_text',
  'signer_name',
  'signer_title',
  'orientation',
  'emblem_image_id',
  'background_image_id',
  'issued_at',
  'expires_at',
  'status_list_id',
  'status_index',
  'credential_jwt',
  'signing_kid',
  'batch_id',
] as const;

export type NewCertificateRow = Omit<Certificate, 'createdAt' | 'revokedAt' | 'revokedReason' | 'revokedBy'>;

/** The only door to certificate's tables. */
@Injectable()
export class CertificateRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  // Templates and images

  async createTemplate(values: Partial<CertificateTemplate>): Promise<string> {
    const saved = await this.dataSource.getRepository(CertificateTemplate).save(values);
    return saved.id;
  }

  async updateTemplate(id: string, values: Partial<CertificateTemplate>): Promise<void> {
    await this.dataSource.getRepository(CertificateTemplate).update({ id }, values);
  }

  findTemplate(id: string): Promise<CertificateTemplate | null> {
    return this.dataSource.getRepository(CertificateTemplate).findOneBy({ id });
  }

  /** Templates of units in the subtree (path prefix), or all of them (null), newest first. */
  async templatesInScope(pathPrefix: string | null): Promise<CertificateTemplate[]> {
    const ids: { id: string }[] = await this.dataSource.query(
      `SELECT t.id FROM certificate_template t LEFT JOIN ${UNITS_SQL} o ON o.id = t.unit_id
       WHERE $1::text IS NULL OR (o.path IS NOT NULL AND ${inSubtreeSql('o.path', '$1')})
       ORDER BY t.updated_at DESC LIMIT 500`,
      [pathPrefix],
    );
    if (!ids.length) return [];
    const rows = await this.dataSource
      .getRepository(CertificateTemplate)
      .createQueryBuilder('t')
      .where('t.id IN (:...ids)', { ids: ids.map((r) => r.id) })
      .orderBy('t.updated_at', 'DESC')
      .getMany();
    return rows;
  }

  /** Stores an image once per content; returns its id. */
  async saveImage(sha256: string, mimeType: string, data: Buffer): Promise<string> {
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO certificate_image (sha256, mime_type, size, data) VALUES ($1, $2, $3, $4)
       ON CONFLICT (sha256) DO UPDATE SET sha256 = EXCLUDED.sha256 RETURNING id`,
      [sha256, mimeType, data.length, data],
    );
    return rows[0]!.id;
  }

  findImage(id: string): Promise<CertificateImage | null> {
    return this.dataSource.getRepository(CertificateImage).findOneBy({ id });
  }

  async imageExists(id: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM certificate_image WHERE id = $1', [id]);
    return rows.length > 0;
  }

  // People

  async holders(userIds: string[]): Promise<Map<string, HolderRow>> {
    if (!userIds.length) return new Map();
    const rows: HolderRow[] = await this.dataSource.query(
      `SELECT p.id, p.full_name AS "fullName", to_char(p.birth_date, 'YYYY-MM-DD') AS "birthDate",
              p.public_name_consent AS "publicNameConsent", o.name AS "unitName"
       FROM ${PEOPLE_SQL} p LEFT JOIN ${UNITS_SQL} o ON o.id = p.unit_id WHERE p.id = ANY($1::uuid[])`,
      [userIds],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  async unitName(unitId: string): Promise<string | null> {
    const rows: { name: string }[] = await this.dataSource.query(`SELECT o.name FROM ${UNITS_SQL} o WHERE o.id = $1`, [
      unitId,
    ]);
    return rows[0]?.name ?? null;
  }

  // Certificates

  /** Who of these people already holds the achievement. */
  async holdersOf(achievementKey: string, userIds: string[]): Promise<Set<string>> {
    if (!userIds.length) return new Set();
    const rows: { userId: string }[] = await this.dataSource.query(
      `SELECT user_id AS "userId" FROM certificate WHERE achievement_key = $1 AND user_id = ANY($2::uuid[])`,
      [achievementKey, userIds],
    );
    return new Set(rows.map((r) => r.userId));
  }

  /**
   * Inserts certificates in one statement; a person who already holds the achievement (another job or click got
   * there first) is skipped by the unique constraint. Returns the ids inserted.
   */
  async insertCertificates(m: EntityManager, rows: NewCertificateRow[]): Promise<Set<string>> {
    if (!rows.length) return new Set();
    const params: unknown[] = [];
    const tuples = rows.map((row) => {
      const values = [
        row.id,
        row.code,
        row.templateId,
        row.userId,
        row.unitId,
        row.source,
        row.achievementKey,
        row.achievementName,
        row.rank,
        row.score,
        row.prizeLabel,
        row.holderName,
        row.holderBirthDate,
        row.holderUnitName,
        row.issuerName,
        row.title,
        row.bodyText,
        row.signerName,
        row.signerTitle,
        row.orientation,
        row.emblemImageId,
        row.backgroundImageId,
        row.issuedAt,
        row.expiresAt,
        row.statusListId,
        row.statusIndex,
        row.credentialJwt,
        row.signingKid,
        row.batchId,
      ];
      const start = params.length;
      params.push(...values);
      return `(${values.map((_, i) => `$${start + i + 1}`).join(', ')})`;
    });
    const inserted: { id: string }[] = await m.query(
      `INSERT INTO certificate (${CERTIFICATE_INSERT_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}
       ON CONFLICT ON CONSTRAINT uq_certificate_user_achievement DO NOTHING RETURNING id`,
      params,
    );
    return new Set(inserted.map((r) => r.id));
  }

  findCertificate(id: string): Promise<Certificate | null> {
    return this.dataSource.getRepository(Certificate).findOneBy({ id });
  }

  /** One indexed lookup by code (uq_certificate_code), the same statement whether the code exists or not. */
  async verifiedByCode(code: string): Promise<VerifiedRow | null> {
    const rows: (Record<string, unknown> & { birthDate: string | null; consent: boolean; keyRevoked: boolean })[] =
      await this.dataSource.query(
        `SELECT c.*, to_char(p.birth_date, 'YYYY-MM-DD') AS "birthDate", p.public_name_consent AS consent,
                coalesce(k.status = 'revoked', false) AS "keyRevoked"
         FROM certificate c
         LEFT JOIN ${PEOPLE_SQL} p ON p.id = c.user_id
         LEFT JOIN certificate_signing_key k ON k.kid = c.signing_kid
         WHERE c.code = $1`,
        [code],
      );
    const row = rows[0];
    if (!row) return null;
    const certificate = this.dataSource.getRepository(Certificate).create(
      this.dataSource.getRepository(Certificate).metadata.columns.reduce<Record<string, unknown>>((acc, column) => {
        acc[column.propertyName] = row[column.databaseName];
        return acc;
      }, {}),
    );
    return {
      certificate,
      birthDate: row.birthDate,
      publicNameConsent: Boolean(row.consent),
      keyRevoked: row.keyRevoked,
    };
  }

  async isKeyRevoked(kid: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      "SELECT 1 FROM certificate_signing_key WHERE kid = $1 AND status = 'revoked'",
      [kid],
    );
    return rows.length > 0;
  }

  async certificatesOfUser(userId: string): Promise<(Certificate & { keyRevoked: boolean })[]> {
    const rows = await this.dataSource
      .getRepository(Certificate)
      .find({ where: { userId }, order: { issuedAt: 'DESC' } });
    const revoked = await this.revokedKids();
    return rows.map((c) => ({ ...c, keyRevoked: revoked.has(c.signingKid) }));
  }

  async revokedKids(): Promise<Set<string>> {
    const rows: { kid: string }[] = await this.dataSource.query(
      "SELECT kid FROM certificate_signing_key WHERE status = 'revoked'",
    );
    return new Set(rows.map((r) => r.kid));
  }

  /**
   * Certificates issued by units in the subtree (null: all), filtered, newest first, one page. `q` matches the holder's
   * name ignoring diacritics and case (identity's search folding, as the people and units lists search) or the start
   * of the code (separators and Crockford's look-alikes folded). The status is the one the verify page shows: revoked
   * (the certificate, or its signing key), else expired, else active.
   */
  async certificatesInScope(
    pathPrefix: string | null,
    filter: CertificateListFilter,
    now: Date,
    page: number,
    pageSize: number,
  ): Promise<{ items: Certificate[]; total: number }> {
    const q = filter.q?.normalize('NFC').trim() || null;
    const code = q ? codePrefix(q) : null;
    const params: unknown[] = [
      pathPrefix,
      filter.batchId ?? null,
      filter.templateId ?? null,
      q && foldedContains(q),
      code && `${code}%`,
      filter.source ?? null,
      filter.status ?? null,
      now,
    ];
    const revoked = `(c.revoked_at IS NOT NULL OR coalesce(k.status = 'revoked', false))`;
    const expired = `(c.expires_at IS NOT NULL AND c.expires_at <= $8)`;
    const from = `FROM certificate c LEFT JOIN ${UNITS_SQL} o ON o.id = c.unit_id
      LEFT JOIN certificate_signing_key k ON k.kid = c.signing_kid
      WHERE ($1::text IS NULL OR (o.path IS NOT NULL AND ${inSubtreeSql('o.path', '$1')}))
        AND ($2::uuid IS NULL OR c.batch_id = $2) AND ($3::uuid IS NULL OR c.template_id = $3)
        AND ($4::text IS NULL OR ${foldSql('c.holder_name')} LIKE $4 ESCAPE '\\' OR c.code LIKE $5)
        AND ($6::text IS NULL OR c.source = $6)
        AND ($7::text IS NULL
             OR ($7 = 'revoked' AND ${revoked})
             OR ($7 = 'expired' AND NOT ${revoked} AND ${expired})
             OR ($7 = 'active' AND NOT ${revoked} AND NOT ${expired}))`;
    const total: { n: number }[] = await this.dataSource.query(`SELECT count(*)::int AS n ${from}`, params);
    const ids: { id: string }[] = await this.dataSource.query(
      `SELECT c.id ${from} ORDER BY c.issued_at DESC, c.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      params,
    );
    const items = ids.length
      ? await this.dataSource
          .getRepository(Certificate)
          .createQueryBuilder('c')
          .where('c.id IN (:...ids)', { ids: ids.map((r) => r.id) })
          .orderBy('c.issued_at', 'DESC')
          .addOrderBy('c.id')
          .getMany()
      : [];
    return { items, total: total[0]!.n };
  }

  /** Marks a certificate revoked; false when it already was. */
  async revoke(m: EntityManager, id: string, reason: string, by: string, at: Date): Promise<boolean> {
    // Wrapped in a CTE so the driver answers rows (a bare UPDATE answers [rows, count]).
    const rows: unknown[] = await m.query(
      `WITH u AS (UPDATE certificate SET revoked_at = $2, revoked_reason = $3, revoked_by = $4
                  WHERE id = $1 AND revoked_at IS NULL RETURNING id)
       SELECT id FROM u`,
      [id, at, reason, by],
    );
    return rows.length === 1;
  }

  /** Certificates of a batch in pages (keyset on id), for the zip. */
  async batchCertificates(batchId: string, afterId: string | null, limit: number): Promise<PrintedCertificate[]> {
    return this.dataSource
      .getRepository(Certificate)
      .createQueryBuilder('c')
      .select(PRINTED_COLUMNS.map((column) => `c.${column}`))
      .where('c.batch_id = :batchId', { batchId })
      .andWhere(afterId ? 'c.id > :afterId' : 'TRUE', { afterId })
      .orderBy('c.id')
      .limit(limit)
      .getMany();
  }

  // Batches

  async createBatch(
    m: EntityManager,
    values: {
      source: BatchSource;
      sourceId: string;
      templateId: string;
      unitId: string | null;
      topN: number | null;
      total: number;
      createdBy: string;
    },
  ): Promise<string> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO certificate_batch (source, source_id, template_id, unit_id, top_n, total, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [values.source, values.sourceId, values.templateId, values.unitId, values.topN, values.total, values.createdBy],
    );
    return rows[0]!.id;
  }

  async findBatch(id: string): Promise<CertificateBatch | null> {
    const rows: CertificateBatch[] = await this.dataSource.query(
      `SELECT id, source, source_id AS "sourceId", template_id AS "templateId", unit_id AS "unitId", top_n AS "topN",
              status, total, done, failed, error, created_by AS "createdBy", created_at AS "createdAt",
              finished_at AS "finishedAt"
       FROM certificate_batch WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async batchesInScope(pathPrefix: string | null, sourceId: string | null): Promise<CertificateBatch[]> {
    return this.dataSource.query(
      `SELECT b.id, b.source, b.source_id AS "sourceId", b.template_id AS "templateId", b.unit_id AS "unitId",
              b.top_n AS "topN", b.status, b.total, b.done, b.failed, b.error, b.created_by AS "createdBy",
              b.created_at AS "createdAt", b.finished_at AS "finishedAt"
       FROM certificate_batch b LEFT JOIN ${UNITS_SQL} o ON o.id = b.unit_id
       WHERE ($1::text IS NULL OR (o.path IS NOT NULL AND ${inSubtreeSql('o.path', '$1')}))
         AND ($2::uuid IS NULL OR b.source_id = $2)
       ORDER BY b.created_at DESC LIMIT 100`,
      [pathPrefix, sourceId],
    );
  }

  async startBatch(id: string, total: number): Promise<void> {
    await this.dataSource.query(
      "UPDATE certificate_batch SET status = 'running', total = $2, done = 0, failed = 0, error = NULL WHERE id = $1",
      [id, total],
    );
  }

  async batchProgress(id: string, done: number, failed: number): Promise<void> {
    await this.dataSource.query('UPDATE certificate_batch SET done = done + $2, failed = failed + $3 WHERE id = $1', [
      id,
      done,
      failed,
    ]);
  }

  async finishBatch(id: string, status: BatchStatus, error: string | null, at: Date): Promise<void> {
    await this.dataSource.query(
      'UPDATE certificate_batch SET status = $2, error = $3, finished_at = $4 WHERE id = $1',
      [id, status, error, at],
    );
  }

  /** The root unit's name (the city's union), the issuer of what belongs to no unit. */
  async rootUnitName(): Promise<string | null> {
    const rows: { name: string }[] = await this.dataSource.query(
      `SELECT o.name FROM ${UNITS_SQL} o WHERE o.parent_id IS NULL AND o.active ORDER BY o.name LIMIT 1`,
    );
    return rows[0]?.name ?? null;
  }

  async unitPath(unitId: string): Promise<string | null> {
    const rows: { path: string }[] = await this.dataSource.query(`SELECT o.path FROM ${UNITS_SQL} o WHERE o.id = $1`, [
      unitId,
    ]);
    return rows[0]?.path ?? null;
  }
}
