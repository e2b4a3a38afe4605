import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '#core';
import { CertificateRepository, type PrintedCertificate } from './certificate.repository.js';
import { renderCertificatePdf, type RenderReport } from './pdf/certificate-pdf.js';
import { formatVerificationCode } from './verification-code.js';

/** Made once, not per page (an Intl formatter's ICU memory lives outside the JS heap until a full collection). */
const PARTS = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** "Hải Phòng, ngày 15 tháng 12 năm 2026" in Asia/Ho_Chi_Minh. */
export function dateLine(date: Date): string {
  const parts = PARTS.formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `Hải Phòng, ngày ${get('day')} tháng ${get('month')} năm ${get('year')}`;
}

/** Certificates' PDFs, rendered from what was issued (the printed text is kept with each certificate). */
@Injectable()
export class CertificatePdfs {
  /** Images are immutable (content-addressed), so a few are kept in memory for bulk rendering. */
  private readonly images = new Map<string, Buffer>();

  constructor(
    private readonly repo: CertificateRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  verifyUrl(code: string): string {
    return `${this.config.publicUrl}/verify/${formatVerificationCode(code)}`;
  }

  async image(id: string | null): Promise<Buffer | null> {
    if (!id) return null;
    const cached = this.images.get(id);
    if (cached) return cached;
    const image = await this.repo.findImage(id);
    if (!image) return null;
    if (this.images.size >= 16) this.images.delete(this.images.keys().next().value!);
    this.images.set(id, image.data);
    return image.data;
  }

  async render(c: PrintedCertificate): Promise<{ pdf: Buffer; report: RenderReport }> {
    return renderCertificatePdf({
      orientation: c.orientation,
      issuerName: c.issuerName,
      title: c.title,
      holderName: c.holderName,
      body: c.bodyText,
      dateLine: dateLine(c.issuedAt),
      signerName: c.signerName,
      signerTitle: c.signerTitle,
      code: formatVerificationCode(c.code),
      verifyUrl: this.verifyUrl(c.code),
      emblem: await this.image(c.emblemImageId),
      background: await this.image(c.backgroundImageId),
    });
  }
}
