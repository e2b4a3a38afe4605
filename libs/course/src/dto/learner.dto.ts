import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsString, Length, Max, Min, IsIn } from 'class-validator';
import { PLAN_TARGET_LETTERS, type PlanTargetLetter } from '#contracts';
import { LESSON_KINDS, type LessonKind } from '../entities/course-lesson.entity.js';

export class MyCourseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: PLAN_TARGET_LETTERS, isArray: true }) planTargets: PlanTargetLetter[];
  @ApiProperty() requiredLessons: number;
  @ApiProperty() completedRequiredLessons: number;
  @ApiProperty({ description: '0–1' }) progress: number;
  @ApiPropertyOptional({ nullable: true, type: String }) dueAt: string | null;
  @ApiProperty() overdue: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) completedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid', description: 'Where "continue" opens' })
  resumeLessonId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) lastActivityAt: string | null;
}

export class OpenCourseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: PLAN_TARGET_LETTERS, isArray: true }) planTargets: PlanTargetLetter[];
  @ApiProperty() lessonCount: number;
  @ApiProperty() enrolled: boolean;
}

export class SelfEnrolmentResponseDto {
  @ApiProperty() enrolled: boolean;
  @ApiProperty({ description: 'False when the learner was enrolled already (nothing changed)' }) created: boolean;
}

export const LESSON_STATES = ['not_started', 'in_progress', 'completed'] as const;
export type LessonState = (typeof LESSON_STATES)[number];

export class OutlineLessonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: LESSON_KINDS }) kind: LessonKind;
  @ApiProperty() required: boolean;
  @ApiProperty({ enum: LESSON_STATES }) state: LessonState;
  @ApiPropertyOptional({ nullable: true, type: Number }) scorePercent: number | null;
}

export class OutlineSectionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: [OutlineLessonDto] }) lessons: OutlineLessonDto[];
}

export class CourseOutlineDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [OutlineSectionDto] }) sections: OutlineSectionDto[];
  @ApiProperty() requiredLessons: number;
  @ApiProperty() completedRequiredLessons: number;
  @ApiProperty({ description: '0–1' }) progress: number;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) resumeLessonId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) dueAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) completedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) certificateTemplateId: string | null;
}

export class QuizAttemptSummaryDto {
  @ApiProperty({ format: 'uuid' }) attemptId: string;
  @ApiProperty() attemptNo: number;
  @ApiProperty({ enum: ['in_progress', 'submitted'] }) status: 'in_progress' | 'submitted';
  @ApiPropertyOptional({ nullable: true, type: Number }) scorePercent: number | null;
  @ApiProperty() passed: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) submittedAt: string | null;
}

export class LessonQuizStateDto {
  @ApiProperty() passPercent: number;
  @ApiProperty() durationSeconds: number;
  @ApiProperty() maxAttempts: number;
  @ApiProperty() questionCount: number;
  @ApiProperty({ type: [QuizAttemptSummaryDto] }) attempts: QuizAttemptSummaryDto[];
}

export class LessonContentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) courseId: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: LESSON_KINDS }) kind: LessonKind;
  @ApiProperty() required: boolean;
  @ApiProperty({ enum: LESSON_STATES }) state: LessonState;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'text: sanitized HTML' }) bodyHtml: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'video: the embed URL for an iframe' })
  videoUrl: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'document: GET it (Range requests served)' })
  documentUrl: string | null;
  @ApiPropertyOptional({ nullable: true, type: LessonQuizStateDto }) quiz: LessonQuizStateDto | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid', description: 'The next lesson in order' })
  nextLessonId: string | null;
}

export class CompleteLessonResponseDto {
  @ApiProperty({ description: 'The lesson is completed (now or before)' }) lessonCompleted: boolean;
  @ApiProperty({ description: 'The course is completed (now or before)' }) courseCompleted: boolean;
  @ApiProperty({ description: '0–1' }) progress: number;
}

export const SCORM_LESSON_STATUSES = [
  'passed',
  'completed',
  'failed',
  'incomplete',
  'browsed',
  'not attempted',
] as const;
export type ScormLessonStatus = (typeof SCORM_LESSON_STATUSES)[number];

/** cmi.core.* values of SCORM 1.2 as the runtime commits them. */
export class ScormCmiDto {
  @ApiProperty({ enum: SCORM_LESSON_STATUSES }) @IsIn(SCORM_LESSON_STATUSES) lessonStatus: ScormLessonStatus;

  @ApiPropertyOptional({ nullable: true, type: Number })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-1_000_000)
  @Max(1_000_000)
  scoreRaw?: number | null;

  @ApiPropertyOptional({ nullable: true, type: Number })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-1_000_000)
  @Max(1_000_000)
  scoreMin?: number | null;

  @ApiPropertyOptional({ nullable: true, type: Number })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-1_000_000)
  @Max(1_000_000)
  scoreMax?: number | null;

  @ApiPropertyOptional({ description: 'cmi.suspend_data (SCORM 1.2 allows 4096 characters; 64 KB accepted)' })
  @IsOptional()
  @IsString()
  @Length(0, 65536)
  suspendData?: string;

  @ApiPropertyOptional({ description: 'cmi.core.lesson_location' })
  @IsOptional()
  @IsString()
  @Length(0, 1000)
  lessonLocation?: string;

  @ApiPropertyOptional({ description: 'cmi.core.session_time, HHHH:MM:SS(.SS)' })
  @IsOptional()
  @IsString()
  @Length(0, 32)
  sessionTime?: string;
}

export class ScormLaunchResponseDto {
  @ApiProperty({
    description:
      'Same-origin URL of the launch page for <iframe sandbox="allow-scripts allow-forms">; valid for a few hours',
  })
  launchUrl: string;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ type: ScormCmiDto, description: 'The saved run-time data the package resumes from' })
  cmi: ScormCmiDto;
}

export class ScormProgressResponseDto {
  @ApiProperty() savedAt: string;
  @ApiProperty() lessonCompleted: boolean;
  @ApiProperty() courseCompleted: boolean;
}

export class QuizSubmitResponseDto {
  @ApiProperty() score: number;
  @ApiProperty() maxScore: number;
  @ApiProperty() scorePercent: number;
  @ApiProperty() passed: boolean;
  @ApiProperty() passPercent: number;
  @ApiProperty() lessonCompleted: boolean;
  @ApiProperty() courseCompleted: boolean;
}

export class QuizOptionDto {
  @ApiProperty() id: string;
  @ApiProperty() text: string;
}
export class QuizMatchingPromptDto {
  @ApiProperty() id: string;
  @ApiProperty() prompt: string;
}
export class QuizQuestionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() type: string;
  @ApiProperty() text: string;
  @ApiPropertyOptional({ type: [QuizOptionDto] }) options?: QuizOptionDto[];
  @ApiPropertyOptional({ type: [QuizMatchingPromptDto] }) pairs?: QuizMatchingPromptDto[];
  @ApiPropertyOptional({ type: [String] }) choices?: string[];
}

/** A quiz lesson's attempt; answers are saved with PUT /attempts/{attemptId}/answers/{questionId}. */
export class QuizStartResponseDto {
  @ApiProperty({ format: 'uuid' }) attemptId: string;
  @ApiProperty({ description: 'Server time the attempt ends (ISO 8601)' }) deadline: string;
  @ApiProperty({ description: 'Server time now, so a client can correct its clock offset' }) serverNow: string;
  @ApiProperty() attemptNo: number;
  @ApiProperty() resumed: boolean;
  @ApiProperty({ type: [QuizQuestionDto] }) questions: QuizQuestionDto[];
  @ApiProperty({ description: 'Answers already saved, by question id (when resuming)' })
  answers: Record<string, unknown>;
}

export class DocumentLinkDto {
  @ApiProperty({ description: 'Same-origin URL of the PDF (range requests), for a frame of the portal' }) url: string;
  @ApiProperty({ description: 'When the link stops working (open the lesson again for a new one)' }) expiresAt: string;
}
