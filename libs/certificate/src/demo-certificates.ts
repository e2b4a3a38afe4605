import { Injectable } from '@nestjs/common';
import { IdentityDirectory } from '#identity';
import { CertificateIssuer } from './certificate-issuer.js';
import { CertificateRepository } from './certificate.repository.js';

/**
 * Demo data: a template of the city's union and certificates for the demo participants (docs/DEMO-ACCOUNTS.md), so a
 * newcomer sees the portal's list, a PDF, a credential and the verify page at once.
 */
@Injectable()
export class DemoCertificates {
  constructor(
    private readonly repo: CertificateRepository,
    private readonly issuer: CertificateIssuer,
    private readonly identity: IdentityDirectory,
  ) {}

  /**
   * The template belongs to the demo organizer's unit (tochuc.lechan may revoke); thisinh.an and thisinh.binh (a minor,
   * shown as "T. T. Bình" on the verify page) hold a certificate each. Nothing when the demo accounts are missing.
   */
  async seedDemoCertificates(): Promise<number> {
    const organizer = await this.identity.principalOf('tochuc.lechan');
    const holders = [await this.identity.principalOf('thisinh.an'), await this.identity.principalOf('thisinh.binh')];
    const userIds = holders.flatMap((h) => (h ? [h.userId] : []));
    if (!organizer || !userIds.length) return 0;
    const unitId = organizer.unitId;
    const templateId = await this.repo.createTemplate({
      unitId,
      title: 'Giấy chứng nhận',
      body:
        'Sinh ngày {{birthDate}} — {{unit}}\n' +
        'Đã hoàn thành xuất sắc {{achievement}}\n' +
        'Kết quả: {{prize}} — {{score}} điểm',
      issuerName: 'Ban Thường vụ Thành đoàn Hải Phòng',
      signerName: 'Nguyễn Thị Hồng Nhung',
      signerTitle: 'Phó Bí thư Thành đoàn',
      orientation: 'landscape',
      emblemImageId: null,
      backgroundImageId: null,
      validMonths: null,
      createdBy: null,
    });
    const template = (await this.repo.findTemplate(templateId))!;
    const outcome = await this.issuer.issue({
      template,
      source: 'demo',
      achievementKey: 'demo:an-toan-thong-tin-2026',
      achievementName: 'Cuộc thi trực tuyến "Tuổi trẻ Hải Phòng với an toàn thông tin trên không gian mạng" năm 2026',
      criteria: 'Đạt giải trong cuộc thi trực tuyến (dữ liệu minh họa).',
      unitId,
      batchId: null,
      issuedAt: new Date(),
      recipients: userIds.map((userId, i) => ({
        userId,
        rank: i + 1,
        score: 100 - i * 5,
        prizeLabel: ['Giải Nhất', 'Giải Nhì', 'Giải Ba'][i] ?? 'Giải Khuyến khích',
      })),
    });
    return outcome.issued.length;
  }
}
