import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#core';
import { CertificateRepository, type NewCertificateRow } from './certificate.repository.js';
import { CertificatePdfs } from './certificate-pdfs.js';
import { openBadgeCredential } from './credentials/open-badge.js';
import { SigningKeys } from './credentials/signing-keys.js';
import { StatusLists } from './credentials/status-lists.js';
import type { CertificateTemplate } from './entities/certificate-template.entity.js';
import type { CertificateSource } from './entities/certificate.entity.js';
import { fillTemplate, isoDateToVietnamese, vietnameseDate } from './template-fields.js';
import { formatVerificationCode, newVerificationCode } from './verification-code.js';

export interface IssueRecipient {
  userId: string;
  rank: number | null;
  score: number | null;
  prizeLabel: string | null;
}

export interface IssueRequest {
  template: CertificateTemplate;
  source: CertificateSource;
  /** With the person, what makes a certificate unique (`round:<id>`, `course:<id>`, …). */
  achievementKey: string;
  achievementName: string;
  /** The Open Badges achievement's criteria, in a sentence. */
  criteria: string;
  /** The issuing unit (its organizers may revoke). */
  unitId: string | null;
  batchId: string | null;
  issuedAt: Date;
  recipients: IssueRecipient[];
}

export interface IssueOutcome {
  /** Ids of the certificates this call created. */
  issued: string[];
  /** Recipients who already held the achievement (issued earlier, or by a concurrent job or click). */
  existing: number;
  /** Recipients whose account no longer exists. */
  missing: number;
}

const issuerId = (publicUrl: string, unitId: string | null) =>
  `${publicUrl}/api/v1/certificates/issuers/${unitId ?? 'city'}`;

/** Made once (an Intl formatter's ICU memory lives outside the JS heap; one per certificate piled up). */
const SCORE = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
const score = (value: number | null) => (value === null ? '' : SCORE.format(value));

/**
 * Issues certificates: the printed text filled from the template, a verification code, a status list entry and the
 * signed Open Badges credential, written in one transaction per call. Never twice for a person and achievement: the
 * unique constraint decides between concurrent callers, the loser's row is simply not inserted.
 */
@Injectable()
export class CertificateIssuer {
  constructor(
    private readonly repo: CertificateRepository,
    private readonly keys: SigningKeys,
    private readonly statusLists: StatusLists,
    private readonly pdfs: CertificatePdfs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issue(request: IssueRequest): Promise<IssueOutcome> {
    const ids = [...new Set(request.recipients.map((r) => r.userId))];
    const [people, holding] = await Promise.all([
      this.repo.holders(ids),
      this.repo.holdersOf(request.achievementKey, ids),
    ]);
    const seen = new Set<string>();
    const todo = request.recipients.filter((r) => {
      if (seen.has(r.userId) || holding.has(r.userId) || !people.has(r.userId)) return false;
      seen.add(r.userId);
      return true;
    });
    const missing = ids.filter((id) => !people.has(id)).length;
    if (!todo.length) return { issued: [], existing: holding.size, missing };
    const t = request.template;
    const expiresAt = t.validMonths ? addMonths(request.issuedAt, t.validMonths) : null;
    const issued = await this.repo.transaction(async (m) => {
      const entries = await this.statusLists.allocate(m, todo.length);
      const rows: NewCertificateRow[] = [];
      for (const [i, recipient] of todo.entries()) {
        const person = people.get(recipient.userId)!;
        const id = randomUUID();
        const code = newVerificationCode();
        const entry = entries[i]!;
        const values = {
          fullName: person.fullName,
          birthDate: isoDateToVietnamese(person.birthDate),
          unit: person.unitName ?? '',
          achievement: request.achievementName,
          rank: recipient.rank === null ? '' : String(recipient.rank),
          prize: recipient.prizeLabel ?? '',
          score: score(recipient.score),
          date: vietnameseDate(request.issuedAt),
          signerName: t.signerName,
          signerTitle: t.signerTitle,
          code: formatVerificationCode(code),
        };
        const issuer = {
          id: issuerId(this.config.publicUrl, t.unitId),
          name: t.issuerName,
          url: this.config.publicUrl,
        };
        const credential = openBadgeCredential({
          certificateId: id,
          issuer,
          holder: { userId: recipient.userId, name: person.fullName },
          achievement: {
            key: request.achievementKey,
            name: request.achievementName,
            description: `${t.title}: ${request.achievementName}`,
            criteria: request.criteria,
          },
          issuedAt: request.issuedAt,
          expiresAt,
          status: { listUrl: this.statusLists.listUrl(entry.listId), index: entry.index },
          verifyUrl: this.pdfs.verifyUrl(code),
          rank: recipient.rank,
          score: recipient.score,
          prizeLabel: recipient.prizeLabel,
        });
        const signed = await this.keys.sign(credential, {
          iss: issuer.id,
          jti: `urn:uuid:${id}`,
          iat: request.issuedAt,
          exp: expiresAt,
        });
        rows.push({
          id,
          code,
          templateId: t.id,
          userId: recipient.userId,
          unitId: request.unitId,
          source: request.source,
          achievementKey: request.achievementKey,
          achievementName: request.achievementName,
          rank: recipient.rank,
          score: recipient.score,
          prizeLabel: recipient.prizeLabel,
          holderName: person.fullName,
          holderBirthDate: person.birthDate,
          holderUnitName: person.unitName,
          issuerName: t.issuerName,
          title: t.title,
          bodyText: fillTemplate(t.body, values),
          signerName: t.signerName,
          signerTitle: t.signerTitle,
          orientation: t.orientation,
          emblemImageId: t.emblemImageId,
          backgroundImageId: t.backgroundImageId,
          issuedAt: request.issuedAt,
          expiresAt,
          statusListId: entry.listId,
          statusIndex: entry.index,
          credentialJwt: signed.jwt,
          signingKid: signed.kid,
          batchId: request.batchId,
        });
      }
      return this.repo.insertCertificates(m, rows);
    });
    return { issued: [...issued], existing: holding.size + (todo.length - issued.size), missing };
  }
}

function addMonths(date: Date, months: number): Date {
  const d = new Date(date);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}
