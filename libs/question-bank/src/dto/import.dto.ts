import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { QUESTION_STATUSES, type QuestionStatus } from '#contracts';
import { COLUMN_FIELDS, type ColumnField } from '../formats/columns.js';
import { IMPORT_WARNING_CODES, type ImportWarningCode } from '../formats/types.js';

const toBool = ({ value }: { value: unknown }) =>
  value === true || value === 'true' || value === '1'
    ? true
    : value === false || value === 'false' || value === '0'
      ? false
      : value;

export const IMPORT_FORMATS = ['gift', 'aiken', 'moodlexml', 'csv', 'xlsx'] as const;
export const EXPORT_FORMATS = ['gift', 'moodlexml', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export class ImportQueryDto {
  @ApiPropertyOptional({ description: 'Chỉ kiểm tra, không ghi gì', default: false })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'dryRun là true hoặc false.' })
  dryRun?: boolean;

  @ApiPropertyOptional({ description: 'Duyệt luôn các câu nhập (chỉ người duyệt)', default: false })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'publish là true hoặc false.' })
  publish?: boolean;

  @ApiPropertyOptional({
    enum: ['skip', 'keep'],
    default: 'skip',
    description: 'Câu trùng với câu đã có: bỏ qua hay giữ',
  })
  @IsOptional()
  @IsIn(['skip', 'keep'], { message: 'duplicates là skip hoặc keep.' })
  duplicates?: 'skip' | 'keep';

  @ApiPropertyOptional({ enum: IMPORT_FORMATS, description: 'Mặc định: nhận biết theo tên và nội dung tệp' })
  @IsOptional()
  @IsIn(IMPORT_FORMATS as unknown as string[], { message: 'Định dạng tệp không được hỗ trợ.' })
  format?: (typeof IMPORT_FORMATS)[number];

  @ApiPropertyOptional({
    description:
      'Bảng tính: cách ghép cột, JSON {"tiêu đề cột": "trường"} (trường: ' +
      `${COLUMN_FIELDS.join(', ')}). Mặc định: cách ghép đã lưu của ngân hàng, rồi tên cột nhận ra được. ` +
      'Một lần nhập thật với mapping lưu nó cho ngân hàng.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  mapping?: string;

  @ApiPropertyOptional({
    description: 'Câu một đáp án có từ hai phương án đúng 100% trở lên: nhập thành câu nhiều đáp án',
    default: false,
  })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'asMultiple là true hoặc false.' })
  asMultiple?: boolean;
}

export class ImportPreviewQueryDto {
  @ApiPropertyOptional({ description: 'Cách ghép cột để xem thử, JSON như ở lệnh nhập' })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  mapping?: string;
}

export class ImportPreviewDto {
  @ApiProperty({ enum: IMPORT_FORMATS }) format: (typeof IMPORT_FORMATS)[number];
  @ApiProperty({ description: 'false: GIFT, Aiken, Moodle XML — không có cột để ghép' }) tabular: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'Số dòng của dòng tiêu đề' }) headerRow: number | null;
  @ApiProperty({ type: String, isArray: true }) headers: string[];
  @ApiProperty({ type: 'array', items: { type: 'array', items: { type: 'string' } }, description: 'Các dòng đầu' })
  rows: string[][];
  @ApiProperty({
    type: 'array',
    items: { type: 'string', enum: [...COLUMN_FIELDS], nullable: true },
    description: 'Trường của từng cột (null: không nhận ra)',
  })
  fields: (ColumnField | null)[];
  @ApiProperty({ description: 'Đủ cột để đọc câu hỏi' }) usable: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', enum: [...COLUMN_FIELDS] },
    nullable: true,
    description: 'Cách ghép cột đã lưu của ngân hàng',
  })
  savedMapping: Record<string, ColumnField> | null;
}

export class ImportMappingDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', enum: [...COLUMN_FIELDS] },
    nullable: true,
    description: 'Tiêu đề cột → trường; null để xóa',
  })
  @IsOptional()
  @IsObject({ message: 'mapping là một đối tượng {"tiêu đề cột": "trường"}.' })
  mapping: Record<string, ColumnField> | null;
}

export class ImportUploadDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'Tệp GIFT, Aiken, Moodle XML, CSV hoặc XLSX' })
  file: unknown;
}

export class ImportIssueDto {
  @ApiPropertyOptional() line?: number;
  @ApiPropertyOptional() row?: number;
  @ApiProperty() message: string;
  @ApiPropertyOptional() text?: string;
  @ApiPropertyOptional({
    enum: IMPORT_WARNING_CODES,
    description: 'Mã ổn định của cảnh báo mà người nhập có thể xử lý (SINGLE_SEVERAL_RIGHT: xem asMultiple)',
  })
  code?: ImportWarningCode;
}

export class ImportDuplicateDto {
  @ApiPropertyOptional() line?: number;
  @ApiPropertyOptional() row?: number;
  @ApiProperty() text: string;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'Câu đã có trong ngân hàng (null: trùng trong tệp)',
  })
  existingQuestionId: string | null;
  @ApiProperty({ enum: ['skip', 'keep'] }) action: 'skip' | 'keep';
}

export class ImportCategoryDto {
  @ApiProperty() path: string;
  @ApiProperty({ description: 'Số câu sẽ/đã tạo trong danh mục' }) questions: number;
  @ApiProperty({ description: 'Danh mục mới với ngân hàng' }) isNew: boolean;
}

export class ImportByTypeDto {
  @ApiProperty() single: number;
  @ApiProperty() multiple: number;
  @ApiProperty() truefalse: number;
  @ApiProperty() short: number;
  @ApiProperty() numerical: number;
  @ApiProperty() matching: number;
  @ApiProperty() essay: number;
  @ApiProperty() description: number;
}

export class ImportResultDto {
  @ApiProperty({ description: 'true: chỉ kiểm tra, chưa ghi gì' }) dryRun: boolean;
  @ApiProperty({ description: 'Số câu đã tạo (hoặc sẽ tạo khi chạy thử)' }) created: number;
  @ApiProperty({ description: 'Số câu trùng bị bỏ qua' }) skipped: number;
  @ApiProperty({ enum: QUESTION_STATUSES }) status: QuestionStatus;
  @ApiProperty({ type: ImportCategoryDto, isArray: true }) categories: ImportCategoryDto[];
  @ApiProperty({ type: ImportIssueDto, isArray: true }) warnings: ImportIssueDto[];
  @ApiProperty({ type: ImportDuplicateDto, isArray: true }) duplicates: ImportDuplicateDto[];
  @ApiProperty({ type: ImportByTypeDto }) byType: ImportByTypeDto;
}

export class ExportQueryDto {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn(EXPORT_FORMATS as unknown as string[], { message: 'Định dạng xuất là gift, moodlexml hoặc xlsx.' })
  format: ExportFormat;

  @ApiPropertyOptional({ description: 'Chỉ xuất một danh mục (gồm danh mục con)' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  category?: string;

  @ApiPropertyOptional({
    enum: QUESTION_STATUSES,
    description: 'Chỉ xuất câu hỏi có phiên bản mới nhất ở trạng thái này (mặc định: mọi trạng thái)',
  })
  @IsOptional()
  @IsIn(QUESTION_STATUSES as unknown as string[], { message: 'Trạng thái không hợp lệ.' })
  status?: QuestionStatus;
}
