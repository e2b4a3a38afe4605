import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';

const ORIENTATIONS = ['landscape', 'portrait'] as const;

export class CertificateTemplateInputDto {
  @ApiProperty({ example: 'Giấy chứng nhận' })
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiProperty({
    description:
      'Nội dung, có thể dùng các trường {{fullName}}, {{birthDate}}, {{unit}}, {{achievement}}, {{rank}}, {{prize}}, ' +
      '{{score}}, {{date}}, {{signerName}}, {{signerTitle}}, {{code}}; trường khác bị từ chối khi lưu ' +
      '(CERTIFICATE_TEMPLATE_FIELD_UNKNOWN).',
    example: 'Sinh ngày {{birthDate}}, {{unit}}\nĐã đạt {{prize}} {{achievement}}',
  })
  @IsString()
  @Length(1, 4000)
  body: string;

  @ApiProperty({ example: 'Thành đoàn Hải Phòng' })
  @IsString()
  @Length(1, 200)
  issuerName: string;

  @ApiPropertyOptional({ example: 'Trần Văn Hưởng' })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  signerName?: string;

  @ApiPropertyOptional({ example: 'Bí thư Thành đoàn' })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  signerTitle?: string;

  @ApiPropertyOptional({ enum: ORIENTATIONS, default: 'landscape' })
  @IsOptional()
  @IsIn(ORIENTATIONS)
  orientation?: (typeof ORIENTATIONS)[number];

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'Ảnh đã tải lên (POST /certificate-images)' })
  @IsOptional()
  @IsUUID()
  emblemImageId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  backgroundImageId?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    minimum: 1,
    maximum: 600,
    description: 'Số tháng hiệu lực; bỏ trống: vô thời hạn',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(600)
  validMonths?: number | null;
}

export class CreateCertificateTemplateDto extends CertificateTemplateInputDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Đơn vị sở hữu mẫu (mặc định: đơn vị của người tạo)' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}

export class CertificateTemplateDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) unitId: string | null;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty() issuerName: string;
  @ApiProperty() signerName: string;
  @ApiProperty() signerTitle: string;
  @ApiProperty({ enum: ORIENTATIONS }) orientation: 'landscape' | 'portrait';
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) emblemImageId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) backgroundImageId: string | null;
  @ApiProperty({ nullable: true, type: Number }) validMonths: number | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class TemplateFieldDto {
  @ApiProperty({ example: 'fullName' }) name: string;
  @ApiProperty({ example: '{{fullName}}' }) placeholder: string;
  @ApiProperty({ example: 'Họ và tên người nhận' }) description: string;
}

export class IdResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
}

export class ImageUploadDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'PNG hoặc JPEG, tối đa 2 MB' }) file: unknown;
}

export class IssueFromRankingDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  templateId: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 100000,
    description: 'N hạng đầu (kể cả người đồng hạng N); bỏ trống: danh sách đạt giải của vòng thi',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  topN?: number;
}

export class IssueFromGameDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  templateId: string;

  @ApiProperty({ minimum: 1, maximum: 1000, description: 'N người chơi đầu (chỉ người chơi đã đăng nhập)' })
  @IsInt()
  @Min(1)
  @Max(1000)
  topN: number;
}

export class CertificateBatchDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['round', 'live-game'] }) source: 'round' | 'live-game';
  @ApiProperty({ format: 'uuid' }) sourceId: string;
  @ApiProperty({ format: 'uuid' }) templateId: string;
  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] }) status: 'queued' | 'running' | 'done' | 'failed';
  @ApiProperty({ description: 'Số người nhận' }) total: number;
  @ApiProperty({ description: 'Đã cấp (kể cả người đã có chứng nhận này từ trước)' }) done: number;
  @ApiProperty() failed: number;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
}

export class BatchListQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  sourceId?: string;
}

export const CERTIFICATE_STATUSES = ['active', 'revoked', 'expired'] as const;
/** What an organizer filters the list by (the demo data's certificates have their own source, `demo`). */
export const CERTIFICATE_SOURCES = ['course', 'round', 'live-game'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

export class CertificateSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '7K3M-Q9XD-2F8H-WN' }) code: string;
  @ApiProperty({ enum: ['course', 'round', 'live-game', 'demo'], description: 'Nguồn cấp (demo: dữ liệu mẫu)' })
  source: 'course' | 'round' | 'live-game' | 'demo';
  @ApiProperty() title: string;
  @ApiProperty() achievement: string;
  @ApiProperty({ nullable: true, type: Number }) rank: number | null;
  @ApiProperty({ nullable: true, type: Number }) score: number | null;
  @ApiProperty({ nullable: true, type: String }) prize: string | null;
  @ApiProperty() holderName: string;
  @ApiProperty() issuer: string;
  @ApiProperty() issuedAt: string;
  @ApiProperty({ nullable: true, type: String }) expiresAt: string | null;
  @ApiProperty({ enum: CERTIFICATE_STATUSES }) status: CertificateStatus;
  @ApiProperty({ nullable: true, type: String }) revokedReason: string | null;
  @ApiProperty({ description: 'Trang xác minh công khai (mã QR trên bản PDF dẫn tới đây)' }) verifyUrl: string;
}

export class CertificateListDto {
  @ApiProperty({ type: [CertificateSummaryDto] }) items: CertificateSummaryDto[];
  @ApiProperty() total: number;
}

export class CertificateListQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  batchId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  templateId?: string;

  @ApiPropertyOptional({
    description:
      'Tìm theo họ tên (không phân biệt dấu và hoa thường: "nguyen thi" tìm ra "Nguyễn Thị") hoặc phần đầu của mã xác minh (từ 4 ký tự)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 120)
  q?: string;

  @ApiPropertyOptional({ enum: CERTIFICATE_SOURCES, description: 'Nguồn cấp: khóa học, vòng thi, trò chơi trực tiếp' })
  @IsOptional()
  @IsIn(CERTIFICATE_SOURCES)
  source?: (typeof CERTIFICATE_SOURCES)[number];

  @ApiPropertyOptional({
    enum: CERTIFICATE_STATUSES,
    description: 'Trạng thái như trang xác minh hiển thị (bị thu hồi gồm cả khi khóa ký bị thu hồi)',
  })
  @IsOptional()
  @IsIn(CERTIFICATE_STATUSES)
  status?: CertificateStatus;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page?: number;
}

export class RevokeCertificateDto {
  @ApiProperty({ example: 'Cấp nhầm người nhận' })
  @IsString()
  @Length(3, 500)
  reason: string;
}

export class CredentialDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Chứng chỉ Open Badges 3.0 ký dạng VC-JWT (EdDSA, Ed25519)' }) jwt: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Nội dung chứng chỉ (phần thân JWT)' })
  credential: Record<string, unknown>;
}

export class VerificationDto {
  @ApiProperty({ example: '7K3M-Q9XD-2F8H-WN' }) code: string;
  @ApiProperty({ enum: CERTIFICATE_STATUSES }) status: CertificateStatus;
  @ApiProperty({ nullable: true, type: String }) revokedReason: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({ description: 'Người được cấp (chỉ chữ cái đầu với người dưới 16 tuổi chưa đồng ý công khai tên)' })
  holder: string;
  @ApiProperty() title: string;
  @ApiProperty() achievement: string;
  @ApiProperty({ nullable: true, type: Number }) rank: number | null;
  @ApiProperty({ nullable: true, type: String }) prize: string | null;
  @ApiProperty() issuer: string;
  @ApiProperty() issuedAt: string;
  @ApiProperty({ nullable: true, type: String }) expiresAt: string | null;
}

export class SigningKeyDto {
  @ApiProperty() kid: string;
  @ApiProperty({ enum: ['active', 'retired', 'revoked'] }) status: 'active' | 'retired' | 'revoked';
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) retiredAt: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedReason: string | null;
}

export class RotateKeyResponseDto {
  @ApiProperty() kid: string;
}

export class RevokeKeyDto {
  @ApiProperty({ example: 'Lộ khóa bí mật' })
  @IsString()
  @Length(3, 500)
  reason: string;
}

export class JwksDto {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  keys: Record<string, unknown>[];
}

export class IssuerProfileDto {
  @ApiProperty({ name: '@context', type: [String] }) '@context': string[];
  @ApiProperty() id: string;
  @ApiProperty({ type: [String] }) type: string[];
  @ApiProperty() name: string;
  @ApiProperty() url: string;
}
