import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { QUESTION_TYPES, type QuestionType } from '#contracts';

/** Hard ceilings against abuse; the finer rules (how many options, fractions summing up…) are validateQuestion's. */
const MAX_TEXT = 100_000;
const MAX_SHORT = 10_000;
const TEXT_FORMATS = ['plain', 'html', 'markdown', 'moodle'] as const;

export class ChoiceOptionDto {
  @ApiProperty() @IsString({ message: 'Nội dung phương án phải là chuỗi.' }) @MaxLength(MAX_SHORT) text: string;

  @ApiProperty({ minimum: -1, maximum: 1, description: 'Tỉ lệ điểm của phương án, từ -1 đến 1' })
  @IsNumber({}, { message: 'Tỉ lệ điểm phải là số.' })
  @Min(-1, { message: 'Tỉ lệ điểm không nhỏ hơn -1.' })
  @Max(1, { message: 'Tỉ lệ điểm không lớn hơn 1.' })
  fraction: number;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(MAX_SHORT) feedback?: string;
}

/** A short answer ({text}) or a numerical answer ({value, tolerance}), both with a fraction. */
export class AnswerDto {
  @ApiPropertyOptional({ description: 'Câu trả lời ngắn' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SHORT)
  text?: string;

  @ApiPropertyOptional({ description: 'Giá trị (câu hỏi số)' })
  @IsOptional()
  @IsNumber({}, { message: 'Giá trị phải là số.' })
  value?: number;

  @ApiPropertyOptional({ description: 'Sai số cho phép (câu hỏi số)' })
  @IsOptional()
  @IsNumber({}, { message: 'Sai số phải là số.' })
  @Min(0, { message: 'Sai số không được âm.' })
  tolerance?: number;

  @ApiProperty({ minimum: -1, maximum: 1 })
  @IsNumber({}, { message: 'Tỉ lệ điểm phải là số.' })
  @Min(-1, { message: 'Tỉ lệ điểm không nhỏ hơn -1.' })
  @Max(1, { message: 'Tỉ lệ điểm không lớn hơn 1.' })
  fraction: number;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(MAX_SHORT) feedback?: string;
}

export class MatchingPairDto {
  @ApiProperty() @IsString({ message: 'Vế trái phải là chuỗi.' }) @MaxLength(MAX_SHORT) prompt: string;
  @ApiProperty() @IsString({ message: 'Vế phải phải là chuỗi.' }) @MaxLength(MAX_SHORT) answer: string;
}

export class QuestionFileDto {
  @ApiProperty() @IsString() @MaxLength(255) name: string;
  @ApiProperty() @IsString() @MaxLength(100) mimeType: string;
  @ApiProperty({ description: 'Nội dung tệp (base64)' }) @IsString() @MaxLength(700_000) base64: string;
}

/** The body of POST /question-banks/:bankId/questions (DESIGN.md §4), and of an edit with its base version. */
export class QuestionInputDto {
  @ApiProperty({ enum: QUESTION_TYPES })
  @IsIn(QUESTION_TYPES as unknown as string[], { message: 'Loại câu hỏi không hợp lệ.' })
  type: QuestionType;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500, { message: 'Tiêu đề tối đa 500 ký tự.' })
  title?: string;

  @ApiProperty()
  @IsString({ message: 'Nội dung câu hỏi phải là chuỗi.' })
  @MaxLength(MAX_TEXT, { message: 'Nội dung câu hỏi quá dài.' })
  text: string;

  @ApiPropertyOptional({ enum: TEXT_FORMATS })
  @IsOptional()
  @IsIn(TEXT_FORMATS as unknown as string[], { message: 'Định dạng nội dung không hợp lệ.' })
  format?: (typeof TEXT_FORMATS)[number];

  @ApiPropertyOptional({ example: 'Pháp luật/Luật An ninh mạng', description: 'Đường dẫn danh mục, phân cách bởi "/"' })
  @IsOptional()
  @IsString()
  @MaxLength(1000, { message: 'Đường dẫn danh mục quá dài.' })
  category?: string;

  @ApiPropertyOptional({ enum: [1, 2, 3] })
  @IsOptional()
  @IsInt({ message: 'Độ khó là 1, 2 hoặc 3.' })
  @Min(1, { message: 'Độ khó là 1, 2 hoặc 3.' })
  @Max(3, { message: 'Độ khó là 1, 2 hoặc 3.' })
  difficulty?: 1 | 2 | 3;

  @ApiPropertyOptional({ type: String, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50, { message: 'Tối đa 50 nhãn.' })
  @IsString({ each: true, message: 'Nhãn phải là chuỗi.' })
  @MaxLength(100, { each: true, message: 'Mỗi nhãn tối đa 100 ký tự.' })
  tags?: string[];

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(MAX_TEXT) generalFeedback?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) externalId?: string;

  @ApiPropertyOptional({ type: ChoiceOptionDto, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50, { message: 'Tối đa 50 phương án.' })
  @ValidateNested({ each: true })
  @Type(() => ChoiceOptionDto)
  options?: ChoiceOptionDto[];

  @ApiPropertyOptional({ description: 'Đáp án đúng của câu Đúng/Sai' })
  @IsOptional()
  @IsBoolean({ message: 'Đáp án Đúng/Sai phải là true hoặc false.' })
  correct?: boolean;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(MAX_SHORT) trueFeedback?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(MAX_SHORT) falseFeedback?: string;

  @ApiPropertyOptional({ type: AnswerDto, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50, { message: 'Tối đa 50 đáp án.' })
  @ValidateNested({ each: true })
  @Type(() => AnswerDto)
  answers?: AnswerDto[];

  @ApiPropertyOptional({ type: MatchingPairDto, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50, { message: 'Tối đa 50 cặp ghép.' })
  @ValidateNested({ each: true })
  @Type(() => MatchingPairDto)
  pairs?: MatchingPairDto[];

  @ApiPropertyOptional({
    type: String,
    isArray: true,
    description: 'Ghép đôi: các đáp án nhiễu (không ghép với vế trái nào), được đưa vào các lựa chọn',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50, { message: 'Tối đa 50 đáp án nhiễu.' })
  @IsString({ each: true, message: 'Đáp án nhiễu phải là chuỗi.' })
  @MaxLength(MAX_SHORT, { each: true })
  distractors?: string[];

  @ApiPropertyOptional() @IsOptional() @IsBoolean() caseSensitive?: boolean;

  @ApiPropertyOptional({ type: QuestionFileDto, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20, { message: 'Tối đa 20 tệp đính kèm.' })
  @ValidateNested({ each: true })
  @Type(() => QuestionFileDto)
  files?: QuestionFileDto[];
}

export class UpdateQuestionDto extends QuestionInputDto {
  @ApiProperty({ description: 'Số phiên bản mà bản sửa này dựa trên (409 VERSION_CONFLICT nếu đã có bản mới hơn)' })
  @IsInt({ message: 'Phiên bản gốc phải là số nguyên.' })
  @Min(1)
  baseVersion: number;
}

export class ReviewStepDto {
  @ApiPropertyOptional({ description: 'Phiên bản đang xem; 409 VERSION_CONFLICT nếu câu hỏi đã được sửa sau đó' })
  @IsOptional()
  @IsInt({ message: 'Phiên bản phải là số nguyên.' })
  @Min(1)
  version?: number;

  @ApiPropertyOptional({ description: 'Ghi chú' })
  @IsOptional()
  @IsString()
  @MaxLength(5000, { message: 'Ghi chú tối đa 5000 ký tự.' })
  comment?: string;
}

export class SendBackDto {
  @ApiProperty({ description: 'Lý do trả lại (bắt buộc)' })
  @IsString({ message: 'Cần ghi lý do trả lại.' })
  @MaxLength(5000, { message: 'Ghi chú tối đa 5000 ký tự.' })
  comment: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt({ message: 'Phiên bản phải là số nguyên.' })
  @Min(1)
  version?: number;
}
