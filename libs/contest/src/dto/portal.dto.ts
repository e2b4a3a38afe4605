import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { REVIEW_LEVELS, type ReviewLevel } from '#quiz-engine';
import { COUNTED_ATTEMPTS, type CountedAttempt } from '../ranking.js';

export class PortalPageQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page phải là số nguyên.' })
  @Min(1, { message: 'page nhỏ nhất là 1.' })
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize phải là số nguyên.' })
  @Min(1, { message: 'pageSize nhỏ nhất là 1.' })
  @Max(50, { message: 'pageSize lớn nhất là 50.' })
  pageSize?: number;
}

/** A round as its participants see it: the rules and where they stand, never the bank or the blueprint. */
export class PortalRoundDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) contestId: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: ['open', 'upcoming', 'closed'], description: 'Now, by the server clock' })
  phase: 'open' | 'upcoming' | 'closed';
  @ApiProperty({ type: String, format: 'date-time' }) opensAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) closesAt: string;
  @ApiProperty() durationSeconds: number;
  @ApiProperty() questionCount: number;
  @ApiProperty() maxAttempts: number;
  @ApiProperty({ description: 'Attempts started so far by the signed-in person' }) attemptsUsed: number;
  @ApiProperty() attemptsLeft: number;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'An attempt still running' })
  attemptInProgress: string | null;
}

export class PortalRoundRulesDto extends PortalRoundDto {
  @ApiProperty() contestTitle: string;
  @ApiPropertyOptional({ type: String, nullable: true }) contestDescription: string | null;
  @ApiProperty() pointsPerQuestion: number;
  @ApiProperty({ enum: COUNTED_ATTEMPTS }) countedAttempt: CountedAttempt;
  @ApiPropertyOptional({ type: String, nullable: true }) predictionQuestion: string | null;
  @ApiProperty({ enum: REVIEW_LEVELS }) reviewAfterSubmit: ReviewLevel;
  @ApiProperty({ enum: REVIEW_LEVELS }) reviewAfterClose: ReviewLevel;
  @ApiProperty({ type: String, format: 'date-time' }) serverNow: string;
}

export class PortalContestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiPropertyOptional({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: [PortalRoundDto], description: 'Its open and upcoming rounds, soonest first' })
  rounds: PortalRoundDto[];
}

export class PortalContestPageDto {
  @ApiProperty({ type: [PortalContestDto] }) items: PortalContestDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty({ type: String, format: 'date-time' }) serverNow: string;
}

export class MyAttemptDto {
  @ApiProperty({ format: 'uuid' }) attemptId: string;
  @ApiProperty({ format: 'uuid' }) roundId: string;
  @ApiProperty() roundTitle: string;
  @ApiProperty({ format: 'uuid' }) contestId: string;
  @ApiProperty() contestTitle: string;
  @ApiProperty() attemptNo: number;
  @ApiProperty({ enum: ['in_progress', 'submitted'] }) status: 'in_progress' | 'submitted';
  @ApiProperty({ type: String, format: 'date-time' }) startedAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) deadline: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) submittedAt: string | null;
  @ApiProperty() roundClosed: boolean;
  @ApiProperty({ enum: REVIEW_LEVELS, description: 'What the round lets its participants see of it now' })
  reviewLevel: ReviewLevel;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Null while the round hides scores' })
  score: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) maxScore: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) correctCount: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) durationMs: number | null;
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'My rank in the frozen ranking, on the attempt that counts, once the round is closed',
  })
  rank: number | null;
}

export class MyAttemptPageDto {
  @ApiProperty({ type: [MyAttemptDto] }) items: MyAttemptDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
