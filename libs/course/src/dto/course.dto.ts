import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { PLAN_TARGET_LETTERS, POPULATIONS, type PlanTargetLetter, type Population } from '#contracts';
import { LESSON_KINDS, type LessonKind } from '../entities/course-lesson.entity.js';

const WITH_OFFSET = /(Z|[+-]\d{2}:\d{2})$/;

export class IdResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
}

export class CreateCourseDto {
  @ApiProperty({ example: 'An toàn thông tin mạng cho đoàn viên' })
  @IsString()
  @Length(3, 200)
  title: string;

  @ApiPropertyOptional({ description: 'Plain text shown on the course card' })
  @IsOptional()
  @IsString()
  @Length(0, 5000)
  description?: string;

  @ApiPropertyOptional({ description: 'Learners may enrol themselves once it is published (default false)' })
  @IsOptional()
  @IsBoolean()
  selfEnrolment?: boolean;

  @ApiPropertyOptional({ enum: PLAN_TARGET_LETTERS, isArray: true, description: 'Plan 300/KH-UBND targets (a–o)' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(PLAN_TARGET_LETTERS, { each: true })
  planTargets?: PlanTargetLetter[];

  @ApiPropertyOptional({ enum: POPULATIONS, isArray: true, description: 'Populations the course counts for' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(POPULATIONS, { each: true })
  populations?: Population[];

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'Certificate template issued on completion' })
  @IsOptional()
  @IsUUID()
  certificateTemplateId?: string | null;
}

export class UpdateCourseDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(3, 200) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 5000) description?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() selfEnrolment?: boolean;

  @ApiPropertyOptional({ enum: PLAN_TARGET_LETTERS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(PLAN_TARGET_LETTERS, { each: true })
  planTargets?: PlanTargetLetter[];

  @ApiPropertyOptional({ enum: POPULATIONS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(POPULATIONS, { each: true })
  populations?: Population[];

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  certificateTemplateId?: string | null;
}

export class QuizBlueprintEntryDto {
  @ApiProperty({ example: 'An toàn thông tin' }) @IsString() @Length(1, 500) category: string;

  @ApiPropertyOptional({ enum: [1, 2, 3] })
  @IsOptional()
  @IsIn([1, 2, 3])
  difficulty?: 1 | 2 | 3;

  @ApiProperty({ minimum: 1, maximum: 200 }) @IsInt() @Min(1) @Max(200) count: number;
}

export class LessonQuizDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() bankId: string;

  @ApiProperty({ type: [QuizBlueprintEntryDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => QuizBlueprintEntryDto)
  blueprint: QuizBlueprintEntryDto[];

  @ApiProperty({ minimum: 1, maximum: 100, description: 'Percent of the points needed to pass' })
  @IsInt()
  @Min(1)
  @Max(100)
  passPercent: number;

  @ApiProperty({ minimum: 30, maximum: 14400 }) @IsInt() @Min(30) @Max(14400) durationSeconds: number;
  @ApiProperty({ minimum: 1, maximum: 100 }) @IsInt() @Min(1) @Max(100) maxAttempts: number;
}

export class CreateSectionDto {
  @ApiProperty({ example: 'Phần 1. Nhận diện nguy cơ' }) @IsString() @Length(1, 200) title: string;
}

export class UpdateSectionDto {
  @ApiProperty() @IsString() @Length(1, 200) title: string;
}

const LESSON_FIELDS_HELP =
  'Exactly the field of the kind: text → bodyHtml (sanitized when saved), video → videoUrl (YouTube, Vimeo or an ' +
  'https page of the union video host; stored as an embed URL), document → documentId (from POST ' +
  '/courses/{id}/documents), scorm → scormPackageId (from POST /courses/{id}/scorm-packages), quiz → quiz.';

export class CreateLessonDto {
  @ApiProperty() @IsString() @Length(1, 200) title: string;

  @ApiProperty({ enum: LESSON_KINDS, description: LESSON_FIELDS_HELP })
  @IsIn(LESSON_KINDS)
  kind: LessonKind;

  @ApiPropertyOptional({ description: 'Counts for completion (default true)' })
  @IsOptional()
  @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 200_000) bodyHtml?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000) videoUrl?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() documentId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() scormPackageId?: string;

  @ApiPropertyOptional({ type: LessonQuizDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LessonQuizDto)
  quiz?: LessonQuizDto;
}

export class UpdateLessonDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() required?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 200_000) bodyHtml?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000) videoUrl?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() documentId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() scormPackageId?: string;

  @ApiPropertyOptional({ type: LessonQuizDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LessonQuizDto)
  quiz?: LessonQuizDto;
}

export class OutlineSectionOrderDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() sectionId: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'Every lesson of the section, in order' })
  @IsArray()
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  lessonIds: string[];
}

export class ReorderOutlineDto {
  @ApiProperty({ type: [OutlineSectionOrderDto], description: 'Every section, in order; lessons may move between' })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => OutlineSectionOrderDto)
  sections: OutlineSectionOrderDto[];
}

export class LessonQuizInfoDto {
  @ApiProperty({ format: 'uuid' }) bankId: string;
  @ApiProperty({ type: [QuizBlueprintEntryDto] }) blueprint: QuizBlueprintEntryDto[];
  @ApiProperty() passPercent: number;
  @ApiProperty() durationSeconds: number;
  @ApiProperty() maxAttempts: number;
}

export class LessonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) sectionId: string;
  @ApiProperty() position: number;
  @ApiProperty() title: string;
  @ApiProperty({ enum: LESSON_KINDS }) kind: LessonKind;
  @ApiProperty() required: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) bodyHtml: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) videoUrl: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) documentId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) scormPackageId: string | null;
  @ApiPropertyOptional({ nullable: true, type: LessonQuizInfoDto }) quiz: LessonQuizInfoDto | null;
}

export class SectionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() position: number;
  @ApiProperty({ type: [LessonDto] }) lessons: LessonDto[];
}

export const COURSE_STATUSES = ['draft', 'published', 'archived'] as const;

export class CourseSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: COURSE_STATUSES }) status: 'draft' | 'published' | 'archived';
  @ApiProperty() selfEnrolment: boolean;
  @ApiProperty({ enum: PLAN_TARGET_LETTERS, isArray: true }) planTargets: PlanTargetLetter[];
  @ApiProperty({ enum: POPULATIONS, isArray: true }) populations: Population[];
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) certificateTemplateId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) unitId: string | null;
  @ApiProperty() lessonCount: number;
  @ApiProperty() enrolledCount: number;
  @ApiProperty() completedCount: number;
  @ApiPropertyOptional({ nullable: true, type: String }) publishedAt: string | null;
  @ApiProperty() createdAt: string;
}

export class CourseDetailDto extends CourseSummaryDto {
  @ApiProperty({ type: [SectionDto] }) sections: SectionDto[];
}

export class DocumentUploadDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'A PDF (at most 50 MB)' }) file: unknown;
}

export class DocumentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fileName: string;
  @ApiProperty() size: number;
}

export class ScormUploadDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'A SCORM 1.2 zip (at most 200 MB)' }) file: unknown;
}

export class ScormPackageDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'The launch page inside the package' }) launchHref: string;
  @ApiProperty() fileCount: number;
  @ApiProperty() totalBytes: number;
}

export class CreateEnrolmentDto {
  @ApiProperty({ format: 'uuid', description: "Root of the subtree to enrol (in the organizer's own subtree)" })
  @IsUUID()
  unitId: string;

  @ApiProperty({ enum: POPULATIONS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(POPULATIONS, { each: true })
  populations: Population[];

  @ApiPropertyOptional({ example: '2026-12-31T23:59:00+07:00', description: 'Due date (ISO 8601 with offset)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(WITH_OFFSET, { message: 'dueAt must state its offset, e.g. +07:00' })
  dueAt?: string;
}

export class EnrolmentRuleDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty() unitName: string;
  @ApiProperty({ enum: POPULATIONS, isArray: true }) populations: Population[];
  @ApiPropertyOptional({ nullable: true, type: String }) dueAt: string | null;
  @ApiProperty({ description: 'Learners enrolled by this rule so far' }) enrolledCount: number;
  @ApiProperty() createdAt: string;
}

export class CreateEnrolmentResponseDto {
  @ApiProperty({ format: 'uuid' }) ruleId: string;
  @ApiProperty({ description: 'Learners enrolled now (later joiners are added as they come)' }) enrolled: number;
}

export class ProgressGroupDto {
  @ApiProperty({ description: 'Unit id or population' }) key: string;
  @ApiProperty() label: string;
  @ApiProperty() enrolled: number;
  @ApiProperty() started: number;
  @ApiProperty() completed: number;
  @ApiProperty() overdue: number;
  @ApiProperty({ description: 'completed ÷ enrolled, 0–1' }) completionRate: number;
}

export class CourseProgressDto {
  @ApiProperty({ format: 'uuid' }) courseId: string;
  @ApiProperty({ type: ProgressGroupDto }) total: ProgressGroupDto;
  @ApiProperty({ type: [ProgressGroupDto], description: 'Per child unit of the chosen unit' })
  units: ProgressGroupDto[];
  @ApiProperty({ type: [ProgressGroupDto] }) populations: ProgressGroupDto[];
}

export class CourseProgressQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Unit whose children are listed (default: own unit)' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}

export class LearnerProgressQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional({ minimum: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}

export class LearnerProgressRowDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() fullName: string;
  @ApiPropertyOptional({ nullable: true, type: String }) unitName: string | null;
  @ApiPropertyOptional({ nullable: true, enum: POPULATIONS }) population: Population | null;
  @ApiProperty() completedLessons: number;
  @ApiProperty() requiredLessons: number;
  @ApiPropertyOptional({ nullable: true, type: String }) dueAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) completedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) lastActivityAt: string | null;
  @ApiProperty() overdue: boolean;
}

export class LearnerProgressPageDto {
  @ApiProperty({ type: [LearnerProgressRowDto] }) items: LearnerProgressRowDto[];
  @ApiProperty() total: number;
}

export class FileLessonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
}

export class CourseDocumentInfoDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fileName: string;
  @ApiProperty() size: number;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: [FileLessonDto], description: 'Lessons showing it (it cannot be deleted while any do)' })
  lessons: FileLessonDto[];
}

export class CourseScormPackageInfoDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() fileCount: number;
  @ApiProperty() totalBytes: number;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: [FileLessonDto], description: 'Lessons playing it (it cannot be deleted while any do)' })
  lessons: FileLessonDto[];
}

export class CourseFilesDto {
  @ApiProperty({ type: [CourseDocumentInfoDto] }) documents: CourseDocumentInfoDto[];
  @ApiProperty({ type: [CourseScormPackageInfoDto] }) scormPackages: CourseScormPackageInfoDto[];
}

export class QuizCheckSlotDto {
  @ApiProperty({ description: 'Index of the blueprint line' }) entry: number;
  @ApiProperty() category: string;
  @ApiPropertyOptional({ nullable: true, enum: [1, 2, 3], type: Number }) difficulty: 1 | 2 | 3 | null;
  @ApiProperty({ description: 'Questions the line asks for' }) wanted: number;
  @ApiProperty({ description: 'Published questions matching the line (its category and the ones under it)' })
  published: number;
  @ApiProperty({ description: 'Of those, the ones earlier lines do not take' }) available: number;
}

export class QuizCheckDto {
  @ApiProperty({ description: 'Every line can be drawn now (publishing checks the same)' }) fillable: boolean;
  @ApiProperty({ type: [QuizCheckSlotDto] }) slots: QuizCheckSlotDto[];
}

export const RULE_LEARNER_CHOICES = ['keep', 'remove-not-started'] as const;

export class DeleteEnrolmentQueryDto {
  @ApiPropertyOptional({
    enum: RULE_LEARNER_CHOICES,
    default: 'keep',
    description:
      'keep: the people it enrolled stay enrolled with their progress; remove-not-started: those who never ' +
      'started leave the course (anyone with progress or a completion stays, progress is never deleted)',
  })
  @IsOptional()
  @IsIn(RULE_LEARNER_CHOICES)
  learners?: (typeof RULE_LEARNER_CHOICES)[number];
}

export class DeleteEnrolmentResponseDto {
  @ApiProperty({ description: 'Learners who stay enrolled' }) kept: number;
  @ApiProperty({ description: 'Learners who never started, no longer enrolled' }) removed: number;
}
