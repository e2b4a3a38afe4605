import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { QUESTION_STATUSES, QUESTION_TYPES, type QuestionStatus, type QuestionType } from '#contracts';
import { AnswerDto, MatchingPairDto } from './question-input.dto.js';

export class OptionWithIdDto {
  @ApiProperty({ description: 'Mã phương án, cố định trong một phiên bản' }) id: string;
  @ApiProperty() text: string;
  @ApiProperty() fraction: number;
  @ApiPropertyOptional() feedback?: string;
}

export class PairWithIdDto extends MatchingPairDto {
  @ApiProperty({ description: 'Mã cặp ghép, cố định trong một phiên bản' }) id: string;
}

export class StoredFileDto {
  @ApiProperty() name: string;
  @ApiProperty() mimeType: string;
  @ApiProperty({ format: 'uuid' }) fileId: string;
  @ApiProperty() size: number;
  @ApiProperty({ description: 'Đường dẫn tải tệp' }) url: string;
}

/** A version's content: the question as authored, with option and pair ids. Text is raw: render it as text. */
export class QuestionContentDto {
  @ApiProperty({ enum: QUESTION_TYPES }) type: QuestionType;
  @ApiPropertyOptional() title?: string;
  @ApiProperty() text: string;
  @ApiPropertyOptional({ enum: ['plain', 'html', 'markdown', 'moodle'] }) format?:
    'plain' | 'html' | 'markdown' | 'moodle';
  @ApiPropertyOptional() category?: string;
  @ApiPropertyOptional({ enum: [1, 2, 3] }) difficulty?: 1 | 2 | 3;
  @ApiPropertyOptional({ type: String, isArray: true }) tags?: string[];
  @ApiPropertyOptional() generalFeedback?: string;
  @ApiPropertyOptional() externalId?: string;
  @ApiPropertyOptional({ type: OptionWithIdDto, isArray: true }) options?: OptionWithIdDto[];
  @ApiPropertyOptional() correct?: boolean;
  @ApiPropertyOptional() trueFeedback?: string;
  @ApiPropertyOptional() falseFeedback?: string;
  @ApiPropertyOptional({ type: AnswerDto, isArray: true }) answers?: AnswerDto[];
  @ApiPropertyOptional({ type: PairWithIdDto, isArray: true }) pairs?: PairWithIdDto[];
  @ApiPropertyOptional({ type: String, isArray: true }) distractors?: string[];
  @ApiPropertyOptional() caseSensitive?: boolean;
  @ApiPropertyOptional({ type: StoredFileDto, isArray: true }) files?: StoredFileDto[];
}

export class QuestionSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) bankId: string;
  @ApiProperty({ enum: QUESTION_TYPES }) type: QuestionType;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ description: 'Nội dung gốc (hiển thị dạng văn bản)' }) text: string;
  @ApiProperty({ description: 'Đường dẫn danh mục; chuỗi rỗng nếu chưa xếp' }) category: string;
  @ApiProperty({ type: Number, nullable: true, enum: [1, 2, 3] }) difficulty: number | null;
  @ApiProperty({ type: String, isArray: true }) tags: string[];
  @ApiProperty({ enum: QUESTION_STATUSES, description: 'Trạng thái của phiên bản mới nhất' }) status: QuestionStatus;
  @ApiProperty({ description: 'Số phiên bản mới nhất' }) version: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Phiên bản đang được dùng để ra đề' })
  publishedVersion: number | null;
  @ApiProperty({ type: String, nullable: true }) externalId: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export class ReviewEventDto {
  @ApiProperty() version: number;
  @ApiProperty({ enum: ['create', 'edit', 'submit', 'approve', 'send_back', 'import'] }) action: string;
  @ApiProperty({ enum: QUESTION_STATUSES }) fromStatus: string;
  @ApiProperty({ enum: QUESTION_STATUSES }) toStatus: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) actorId: string | null;
  @ApiProperty({ type: String, nullable: true }) actorName: string | null;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) at: string;
}

export class QuestionDetailDto extends QuestionSummaryDto {
  @ApiProperty({ type: QuestionContentDto, description: 'Nội dung phiên bản mới nhất' }) content: QuestionContentDto;
  @ApiProperty({ type: ReviewEventDto, isArray: true }) history: ReviewEventDto[];
}

export class QuestionVersionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) questionId: string;
  @ApiProperty() version: number;
  @ApiProperty({ description: 'Là phiên bản đang dùng để ra đề' }) published: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) authorId: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: QuestionContentDto }) content: QuestionContentDto;
}

export class QuestionPageDto {
  @ApiProperty({ type: QuestionSummaryDto, isArray: true }) items: QuestionSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class ListQuestionsQueryDto {
  @ApiPropertyOptional({ description: 'Đường dẫn danh mục (gồm cả danh mục con)' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  category?: string;

  @ApiPropertyOptional({ enum: QUESTION_STATUSES })
  @IsOptional()
  @IsIn(QUESTION_STATUSES as unknown as string[], { message: 'Trạng thái không hợp lệ.' })
  status?: QuestionStatus;

  @ApiPropertyOptional({ enum: QUESTION_TYPES })
  @IsOptional()
  @IsIn(QUESTION_TYPES as unknown as string[], { message: 'Loại câu hỏi không hợp lệ.' })
  type?: QuestionType;

  @ApiPropertyOptional({ enum: [1, 2, 3] })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'Độ khó là 1, 2 hoặc 3.' })
  @Min(1, { message: 'Độ khó là 1, 2 hoặc 3.' })
  @Max(3, { message: 'Độ khó là 1, 2 hoặc 3.' })
  difficulty?: number;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) tag?: string;

  @ApiPropertyOptional({
    description: 'Tìm theo nội dung, không phân biệt dấu: "an ninh mang" tìm được "an ninh mạng"',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'Từ khóa tối đa 200 ký tự.' })
  q?: string;

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'Số trang phải là số nguyên dương.' })
  @Min(1, { message: 'Số trang phải là số nguyên dương.' })
  @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'Kích thước trang từ 1 đến 100.' })
  @Min(1, { message: 'Kích thước trang từ 1 đến 100.' })
  @Max(100, { message: 'Kích thước trang từ 1 đến 100.' })
  pageSize?: number;
}
