import { Injectable } from '@nestjs/common';
import { AppError, AuditService, Clock, hasRole, type Principal } from '#core';
import { publicName, vietnamToday } from '#identity';
import { CertificateAccess } from './certificate-access.js';
import { CertificatePdfs } from './certificate-pdfs.js';
import { CertificateRepository, type CertificateListFilter } from './certificate.repository.js';
import type {
  CertificateListDto,
  CertificateStatus,
  CertificateSummaryDto,
  CredentialDto,
  VerificationDto,
} from './dto/certificate.dto.js';
import type { Certificate } from './entities/certificate.entity.js';
import { VerifyRateLimiter } from './verify-rate-limiter.js';
import { formatVerificationCode, parseVerificationCode } from './verification-code.js';

/** Rows per page of the organizers' list. */
export const CERTIFICATE_PAGE_SIZE = 50;

/** Shown when the certificate's signing key was revoked (its credential no longer verifies anywhere). */
export const KEY_REVOKED_REASON = 'Khóa ký của chứng nhận đã bị thu hồi; chứng nhận không còn giá trị xác minh.';

function status(c: Certificate, keyRevoked: boolean, now: Date): { status: CertificateStatus; reason: string | null } {
  if (c.revokedAt) return { status: 'revoked', reason: c.revokedReason };
  if (keyRevoked) return { status: 'revoked', reason: KEY_REVOKED_REASON };
  if (c.expiresAt && c.expiresAt.getTime() <= now.getTime()) return { status: 'expired', reason: null };
  return { status: 'active', reason: null };
}

/** Issued certificates: the holder's list and downloads, organizers' list and revocation, public verification. */
@Injectable()
export class Certificates {
  constructor(
    private readonly repo: CertificateRepository,
    private readonly access: CertificateAccess,
    private readonly pdfs: CertificatePdfs,
    private readonly limiter: VerifyRateLimiter,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private summary(c: Certificate, keyRevoked: boolean): CertificateSummaryDto {
    const s = status(c, keyRevoked, this.clock.now());
    return {
      id: c.id,
      code: formatVerificationCode(c.code),
      source: c.source,
      title: c.title,
      achievement: c.achievementName,
      rank: c.rank,
      score: c.score,
      prize: c.prizeLabel,
      holderName: c.holderName,
      issuer: c.issuerName,
      issuedAt: c.issuedAt.toISOString(),
      expiresAt: c.expiresAt?.toISOString() ?? null,
      status: s.status,
      revokedReason: s.reason,
      verifyUrl: this.pdfs.verifyUrl(c.code),
    };
  }

  async mine(principal: Principal): Promise<CertificateSummaryDto[]> {
    const rows = await this.repo.certificatesOfUser(principal.userId);
    return rows.map((c) => this.summary(c, c.keyRevoked));
  }

  async list(principal: Principal, filter: CertificateListFilter, page: number): Promise<CertificateListDto> {
    const { items, total } = await this.repo.certificatesInScope(
      await this.access.prefix(principal),
      filter,
      this.clock.now(),
      page,
      CERTIFICATE_PAGE_SIZE,
    );
    const revoked = await this.repo.revokedKids();
    return { items: items.map((c) => this.summary(c, revoked.has(c.signingKid))), total };
  }

  /** The holder's own certificate, or one an organizer of the issuing unit's subtree manages; 404 otherwise. */
  private async readable(principal: Principal, id: string): Promise<Certificate> {
    const c = await this.repo.findCertificate(id);
    if (!c) throw new AppError('CERTIFICATE_NOT_FOUND');
    if (c.userId === principal.userId) return c;
    if (hasRole(principal, 'organizer', 'admin') && (await this.access.manages(principal, c.unitId))) return c;
    throw new AppError('CERTIFICATE_NOT_FOUND');
  }

  async pdf(principal: Principal, id: string): Promise<{ pdf: Buffer; filename: string }> {
    const c = await this.readable(principal, id);
    const { pdf } = await this.pdfs.render(c);
    return { pdf, filename: `chung-nhan-${formatVerificationCode(c.code)}.pdf` };
  }

  async credential(principal: Principal, id: string): Promise<CredentialDto> {
    const c = await this.readable(principal, id);
    const payload = JSON.parse(Buffer.from(c.credentialJwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    return { id: c.id, jwt: c.credentialJwt, credential: payload };
  }

  async revoke(principal: Principal, id: string, reason: string): Promise<CertificateSummaryDto> {
    const c = await this.repo.findCertificate(id);
    if (!c || !(await this.access.manages(principal, c.unitId))) throw new AppError('CERTIFICATE_NOT_FOUND');
    const text = reason.normalize('NFC').trim();
    await this.repo.transaction(async (m) => {
      if (!(await this.repo.revoke(m, id, text, principal.userId, this.clock.now())))
        throw new AppError('CERTIFICATE_ALREADY_REVOKED');
      await this.audit.record(principal.userId, 'certificate.revoke', id, { reason: text, code: c.code }, m);
    });
    const after = (await this.repo.findCertificate(id))!;
    return this.summary(after, await this.repo.isKeyRevoked(after.signingKid));
  }

  /**
   * Public verification. Every request takes from the address's bucket first (malformed codes too). A malformed code
   * or a wrong check character is refused without touching the database; every well-formed code runs the same single
   * indexed lookup, and every code that is not found gets the same answer (CERTIFICATE_NOT_FOUND) — whether it is a
   * random guess, a revoked certificate's code with one character changed, or a code that never existed. Only the
   * holder of a real code (65 random bits) learns its status, and a revoked one shows why.
   */
  async verify(input: string, address: string): Promise<VerificationDto> {
    const wait = await this.limiter.tryTake(address);
    if (wait > 0)
      throw new AppError(
        'RATE_LIMITED',
        { retryAfterSeconds: wait },
        {
          vi: `Bạn tra cứu quá nhiều lần. Vui lòng thử lại sau ${wait} giây.`,
          en: `Too many lookups. Try again in ${wait} seconds.`,
        },
      );
    const code = parseVerificationCode(input);
    if (!code) throw new AppError('CERTIFICATE_CODE_INVALID');
    const found = await this.repo.verifiedByCode(code);
    if (!found) throw new AppError('CERTIFICATE_NOT_FOUND');
    const c = found.certificate;
    const s = status(c, found.keyRevoked, this.clock.now());
    return {
      code: formatVerificationCode(c.code),
      status: s.status,
      revokedReason: s.reason,
      revokedAt: c.revokedAt?.toISOString() ?? null,
      holder: publicName(
        { fullName: c.holderName, birthDate: found.birthDate, publicNameConsent: found.publicNameConsent },
        vietnamToday(this.clock.now()),
      ),
      title: c.title,
      achievement: c.achievementName,
      rank: c.rank,
      prize: c.prizeLabel,
      issuer: c.issuerName,
      issuedAt: c.issuedAt.toISOString(),
      expiresAt: c.expiresAt?.toISOString() ?? null,
    };
  }
}
