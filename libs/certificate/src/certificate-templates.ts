import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import { AppError, AuditService, type Principal } from '#core';
import { CertificateAccess } from './certificate-access.js';
import { CertificateRepository } from './certificate.repository.js';
import { CertificatePdfs, dateLine } from './certificate-pdfs.js';
import type {
  CertificateTemplateDto,
  CertificateTemplateInputDto,
  CreateCertificateTemplateDto,
  TemplateFieldDto,
} from './dto/certificate.dto.js';
import type { CertificateTemplate } from './entities/certificate-template.entity.js';
import { renderCertificatePdf } from './pdf/certificate-pdf.js';
import { fillTemplate, SAMPLE_VALUES, TEMPLATE_FIELDS, unknownFields } from './template-fields.js';

const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

export function toTemplateDto(t: CertificateTemplate): CertificateTemplateDto {
  return {
    id: t.id,
    unitId: t.unitId,
    title: t.title,
    body: t.body,
    issuerName: t.issuerName,
    signerName: t.signerName,
    signerTitle: t.signerTitle,
    orientation: t.orientation,
    emblemImageId: t.emblemImageId,
    backgroundImageId: t.backgroundImageId,
    validMonths: t.validMonths,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

/** The image's type from its first bytes (the declared type is not trusted); null unless PNG or JPEG. */
export function imageType(data: Buffer): 'image/png' | 'image/jpeg' | null {
  if (data.length > 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  return null;
}

/** Whether pdfkit can read the image (a PNG or JPEG that only starts right would fail every certificate later). */
function printable(data: Buffer): boolean {
  try {
    (new PDFDocument({ autoFirstPage: false }) as unknown as { openImage(src: Buffer): unknown }).openImage(data);
    return true;
  } catch {
    return false;
  }
}

/** Templates: organizers of a unit design them; every field is checked when saving, so issuing never meets one. */
@Injectable()
export class CertificateTemplates {
  constructor(
    private readonly repo: CertificateRepository,
    private readonly access: CertificateAccess,
    private readonly pdfs: CertificatePdfs,
    private readonly audit: AuditService,
  ) {}

  fields(): TemplateFieldDto[] {
    return Object.entries(TEMPLATE_FIELDS).map(([name, description]) => ({
      name,
      placeholder: `{{${name}}}`,
      description,
    }));
  }

  private async checked(input: CertificateTemplateInputDto): Promise<Partial<CertificateTemplate>> {
    const details = [
      ...unknownFields(input.title, 'title'),
      ...unknownFields(input.body, 'body'),
      ...unknownFields(input.signerName ?? '', 'signerName'),
      ...unknownFields(input.signerTitle ?? '', 'signerTitle'),
    ];
    if (details.length) throw new AppError('CERTIFICATE_TEMPLATE_FIELD_UNKNOWN', details);
    for (const field of ['emblemImageId', 'backgroundImageId'] as const) {
      const id = input[field];
      if (id && !(await this.repo.imageExists(id)))
        throw new AppError('CERTIFICATE_IMAGE_INVALID', [{ field, message: 'Không tìm thấy ảnh đã tải lên.' }]);
    }
    return {
      title: input.title.normalize('NFC'),
      body: input.body.normalize('NFC'),
      issuerName: input.issuerName.normalize('NFC'),
      signerName: (input.signerName ?? '').normalize('NFC'),
      signerTitle: (input.signerTitle ?? '').normalize('NFC'),
      orientation: input.orientation ?? 'landscape',
      emblemImageId: input.emblemImageId ?? null,
      backgroundImageId: input.backgroundImageId ?? null,
      validMonths: input.validMonths ?? null,
    };
  }

  async create(principal: Principal, input: CreateCertificateTemplateDto): Promise<{ id: string }> {
    const unitId = input.unitId ?? principal.unitId;
    await this.access.assertManages(principal, unitId);
    const values = await this.checked(input);
    const id = await this.repo.createTemplate({ ...values, unitId, createdBy: principal.userId });
    await this.audit.record(principal.userId, 'certificate.template.create', id, { title: values.title });
    return { id };
  }

  async update(principal: Principal, id: string, input: CertificateTemplateInputDto): Promise<CertificateTemplateDto> {
    const template = await this.manageable(principal, id);
    const values = await this.checked(input);
    await this.repo.updateTemplate(template.id, values);
    await this.audit.record(principal.userId, 'certificate.template.update', id, { title: values.title });
    return toTemplateDto((await this.repo.findTemplate(id))!);
  }

  async list(principal: Principal): Promise<CertificateTemplateDto[]> {
    return (await this.repo.templatesInScope(await this.access.prefix(principal))).map(toTemplateDto);
  }

  async get(principal: Principal, id: string): Promise<CertificateTemplateDto> {
    return toTemplateDto(await this.manageable(principal, id));
  }

  /** The template, when the caller manages its unit (CERTIFICATE_TEMPLATE_NOT_FOUND otherwise, saying nothing more). */
  async manageable(principal: Principal, id: string): Promise<CertificateTemplate> {
    const template = await this.repo.findTemplate(id);
    if (!template || !(await this.access.manages(principal, template.unitId)))
      throw new AppError('CERTIFICATE_TEMPLATE_NOT_FOUND');
    return template;
  }

  /** A PDF of the template filled with sample data (a long name with every diacritic). */
  async preview(input: CertificateTemplateInputDto): Promise<Buffer> {
    const t = await this.checked(input);
    const values = { ...SAMPLE_VALUES, signerName: t.signerName!, signerTitle: t.signerTitle! };
    const { pdf } = await renderCertificatePdf({
      orientation: t.orientation!,
      issuerName: t.issuerName!,
      title: fillTemplate(t.title!, values),
      holderName: SAMPLE_VALUES.fullName,
      body: fillTemplate(t.body!, values),
      dateLine: dateLine(new Date()),
      signerName: t.signerName!,
      signerTitle: t.signerTitle!,
      code: SAMPLE_VALUES.code,
      verifyUrl: this.pdfs.verifyUrl(SAMPLE_VALUES.code.replace(/-/g, '')),
      emblem: await this.pdfs.image(t.emblemImageId ?? null),
      background: await this.pdfs.image(t.backgroundImageId ?? null),
    });
    return pdf;
  }

  async previewSaved(principal: Principal, id: string): Promise<Buffer> {
    const t = await this.manageable(principal, id);
    return this.preview({ ...t, emblemImageId: t.emblemImageId, backgroundImageId: t.backgroundImageId });
  }

  async uploadImage(principal: Principal, data: Buffer | undefined): Promise<{ id: string }> {
    if (!data) throw new AppError('FILE_REQUIRED');
    const type = imageType(data);
    if (!type || data.length > MAX_IMAGE_BYTES || !printable(data))
      throw new AppError('CERTIFICATE_IMAGE_INVALID', [
        { field: 'file', message: 'Ảnh phải là tệp PNG hoặc JPEG, tối đa 2 MB.' },
      ]);
    const id = await this.repo.saveImage(createHash('sha256').update(data).digest('hex'), type, data);
    await this.audit.record(principal.userId, 'certificate.image.upload', id, { size: data.length });
    return { id };
  }

  async image(id: string): Promise<{ data: Buffer; mimeType: string }> {
    const image = await this.repo.findImage(id);
    if (!image) throw new AppError('NOT_FOUND');
    return image;
  }
}
