import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { POPULATIONS, type AnswerValue, type Population } from '#contracts';
import {
  COUNTED_ATTEMPTS,
  MAX_PREDICTION,
  PREDICTION_TARGETS,
  RANKING_KEYS,
  type CountedAttempt,
  type PredictionTarget,
  type RankingKey,
} from '../ranking.js';
import { REVIEW_LEVELS, type ReviewLevel } from '#quiz-engine';

/** An ISO 8601 time that states its offset (a round's times are meant in Asia/Ho_Chi_Minh; no guessing). */
const WITH_OFFSET = /(Z|[+-]\d{2}:\d{2})$/;

export class CreateContestDto {
  @ApiProperty({ example: 'Cuộc thi tìm hiểu pháp luật 2026' })
  @IsString()
  @Length(3, 200)
  title: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 5000)
  description?: string;
}

export class IdResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
}

export class BlueprintEntryDto {
  @ApiProperty({ example: 'Pháp luật/Luật An ninh mạng' })
  @IsString()
  @Length(1, 500)
  category: string;

  @ApiPropertyOptional({ enum: [1, 2, 3] })
  @IsOptional()
  @IsIn([1, 2, 3])
  difficulty?: 1 | 2 | 3;

  @ApiProperty({ minimum: 1, maximum: 200 })
  @IsInt()
  @Min(1)
  @Max(200)
  count: number;
}

export class PredictionDto {
  @ApiProperty({ example: 'Có bao nhiêu người trả lời đúng tất cả các câu hỏi?' })
  @IsString()
  @Length(3, 500)
  question: string;

  @ApiProperty({ enum: PREDICTION_TARGETS })
  @IsIn(PREDICTION_TARGETS)
  target: PredictionTarget;
}

const LEVELS_HELP =
  'none: nothing; score: the score; answers: also their own answers marked right or wrong; solutions: also the ' +
  'correct answers and the feedback. Banks are reused from round to round, so solutions gives the key away.';
export class RoundAudienceDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    maxItems: 200,
    description: 'Units whose subtrees may take part; empty: the whole city',
  })
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  unitIds: string[];
}

export class ReviewOptionsDto {
  @ApiProperty({ enum: REVIEW_LEVELS, description: `What a participant sees right after submitting. ${LEVELS_HELP}` })
  @IsIn(REVIEW_LEVELS)
  afterSubmit: ReviewLevel;

  @ApiProperty({
    enum: REVIEW_LEVELS,
    description: 'What a participant sees once the round is closed; never less than afterSubmit',
  })
  @IsIn(REVIEW_LEVELS)
  afterClose: ReviewLevel;
}

export class CreateRoundDto {
  @ApiProperty({ example: 'Tuần 1' }) @IsString() @Length(1, 200) title: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() bankId: string;

  @ApiProperty({ example: '2026-03-02T08:00:00+07:00' })
  @IsISO8601({ strict: true })
  @Matches(WITH_OFFSET, { message: 'opensAt must state its offset, e.g. +07:00' })
  opensAt: string;

  @ApiProperty({ example: '2026-03-08T22:00:00+07:00' })
  @IsISO8601({ strict: true })
  @Matches(WITH_OFFSET, { message: 'closesAt must state its offset, e.g. +07:00' })
  closesAt: string;

  @ApiProperty({ minimum: 10, maximum: 14400 }) @IsInt() @Min(10) @Max(14400) durationSeconds: number;
  @ApiProperty({ minimum: 1, maximum: 100 }) @IsInt() @Min(1) @Max(100) maxAttempts: number;
  @ApiProperty({ enum: COUNTED_ATTEMPTS }) @IsIn(COUNTED_ATTEMPTS) countedAttempt: CountedAttempt;

  @ApiProperty({ type: [BlueprintEntryDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => BlueprintEntryDto)
  blueprint: BlueprintEntryDto[];

  @ApiProperty({ minimum: 0.01, maximum: 1000 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.01)
  @Max(1000)
  pointsPerQuestion: number;

  @ApiPropertyOptional({ type: PredictionDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PredictionDto)
  prediction?: PredictionDto;

  @ApiPropertyOptional({
    enum: RANKING_KEYS,
    isArray: true,
    example: ['score', 'prediction', 'duration', 'submittedAt'],
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(RANKING_KEYS, { each: true })
  ranking?: RankingKey[];

  @ApiPropertyOptional({ type: ReviewOptionsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReviewOptionsDto)
  review?: ReviewOptionsDto;

  @ApiPropertyOptional({ type: RoundAudienceDto, description: 'Who may take part (default: the whole city)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RoundAudienceDto)
  audience?: RoundAudienceDto;

  @ApiPropertyOptional({
    enum: POPULATIONS,
    isArray: true,
    description: 'Member counts that make the participation-rate denominator (default: members, youth, teens)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(POPULATIONS, { each: true })
  statsPopulations?: Population[];
}

export class QuestionOptionDto {
  @ApiProperty() id: string;
  @ApiProperty() text: string;
}
export class MatchingPromptDto {
  @ApiProperty() id: string;
  @ApiProperty() prompt: string;
}
export class AttemptQuestionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() type: string;
  @ApiProperty() text: string;
  @ApiPropertyOptional({ type: [QuestionOptionDto] }) options?: QuestionOptionDto[];
  @ApiPropertyOptional({ type: [MatchingPromptDto] }) pairs?: MatchingPromptDto[];
  @ApiPropertyOptional({ type: [String] }) choices?: string[];
}

export class StartAttemptResponseDto {
  @ApiProperty({ format: 'uuid' }) attemptId: string;
  @ApiProperty({ description: 'Server time the attempt ends (ISO 8601)' }) deadline: string;
  @ApiProperty({ description: 'Server time now, so a client can correct its clock offset' }) serverNow: string;
  @ApiProperty() attemptNo: number;
  @ApiProperty() resumed: boolean;
  @ApiProperty({ type: [AttemptQuestionDto] }) questions: AttemptQuestionDto[];
  @ApiProperty({ description: 'Answers already saved, by question id (when resuming)' })
  answers: Record<string, AnswerValue>;
  @ApiPropertyOptional() predictionQuestion?: string;
}

/**
 * One answer: `{optionIds}` | `{text}` | `{value}` | `{pairs}`; checked against the question by the engine. The
 * documented schema only: the body is checked by parseSaveAnswerBody (save-answer-body.ts), not by the pipe.
 */
export class SaveAnswerDto {
  @ApiPropertyOptional({ type: [String] }) optionIds?: unknown;
  @ApiPropertyOptional() text?: unknown;
  @ApiPropertyOptional() value?: unknown;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } }) pairs?: unknown;
}

export class SaveAnswerResponseDto {
  @ApiProperty() savedAt: string;
}

export class SubmitAttemptDto {
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_PREDICTION }) @IsOptional() prediction?: unknown;
}

export class AttemptResultDto {
  /** Null when the round's review options hide scores until later. */
  @ApiProperty({ nullable: true, type: Number }) score: number | null;
  @ApiProperty({ nullable: true, type: Number }) maxScore: number | null;
  @ApiProperty({ nullable: true, type: Number }) correctCount: number | null;
  @ApiProperty() durationMs: number;
  @ApiProperty() submittedAt: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) prediction: number | null;
}

export class AnswerValueDto {
  @ApiPropertyOptional({ type: [String] }) optionIds?: string[];
  @ApiPropertyOptional() text?: string;
  @ApiPropertyOptional() value?: number;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } }) pairs?: Record<string, string>;
}

export class ReviewQuestionDto extends AttemptQuestionDto {
  @ApiPropertyOptional({ type: AnswerValueDto, nullable: true, description: 'The saved answer (null: none)' })
  answer: AnswerValueDto | null;
  @ApiProperty() correct: boolean;
  @ApiProperty() points: number;
  @ApiProperty() maxPoints: number;
  @ApiPropertyOptional({ type: AnswerValueDto, nullable: true, description: 'solutions: an answer with full marks' })
  correctAnswer?: AnswerValueDto | null;
  @ApiPropertyOptional({ description: 'solutions, numerical: accepted distance from correctAnswer.value' })
  tolerance?: number;
  @ApiPropertyOptional({ type: [String], description: 'solutions: feedback on the choice made, then general' })
  feedback?: string[];
}

export class AttemptReviewDto {
  @ApiProperty({ format: 'uuid' }) attemptId: string;
  @ApiProperty({ format: 'uuid' }) roundId: string;
  @ApiProperty() attemptNo: number;
  @ApiProperty({ enum: REVIEW_LEVELS, description: 'What the round lets its participants see now' })
  level: ReviewLevel;
  @ApiProperty() roundClosed: boolean;
  @ApiPropertyOptional({ enum: REVIEW_LEVELS, description: 'Set when more becomes visible once the round closes' })
  moreAfterClose?: ReviewLevel;
  @ApiProperty() submittedAt: string;
  @ApiProperty({ enum: ['participant', 'deadline', 'close'] }) finishedBy: string;
  @ApiPropertyOptional() score?: number;
  @ApiPropertyOptional() maxScore?: number;
  @ApiPropertyOptional() correctCount?: number;
  @ApiPropertyOptional() durationMs?: number;
  @ApiPropertyOptional({ nullable: true }) prediction?: number | null;
  @ApiPropertyOptional({ type: [ReviewQuestionDto], description: 'answers and solutions levels, in paper order' })
  questions?: ReviewQuestionDto[];
}

export class CloseRoundResponseDto {
  @ApiProperty({ format: 'uuid' }) roundId: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) predictionValue: number | null;
  @ApiProperty() participants: number;
  @ApiProperty() autoSubmitted: number;
  @ApiProperty() closedAt: string;
}

export class LeaderboardQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class LeaderboardRowDto {
  @ApiProperty() rank: number;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() displayName: string;
  @ApiPropertyOptional({ type: String, nullable: true }) unitId: string | null;
  @ApiProperty() score: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) prediction: number | null;
  @ApiProperty() durationMs: number;
  @ApiProperty() submittedAt: string;
}

export class MyRankDto extends LeaderboardRowDto {
  @ApiProperty() maxScore: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) predictionValue: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) predictionDistance: number | null;
  @ApiProperty() participants: number;
  @ApiProperty({ description: 'Why this rank, in Vietnamese' }) explanation: string;
}

export class UnitStatDto {
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty() name: string;
  @ApiProperty() depth: number;
  @ApiPropertyOptional({ type: String, nullable: true }) parentId: string | null;
  @ApiProperty() participants: number;
  @ApiProperty() attempts: number;
  @ApiProperty() members: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) rate: number | null;
  @ApiProperty() rankByCount: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) rankByRate: number | null;
}

export class UnitStatsQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this unit and its subtree' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}

export class PrizeConfigDto {
  @ApiProperty() @IsInt() @Min(0) @Max(10000) first: number;
  @ApiProperty() @IsInt() @Min(0) @Max(10000) second: number;
  @ApiProperty() @IsInt() @Min(0) @Max(10000) third: number;
  @ApiProperty() @IsInt() @Min(0) @Max(100000) consolation: number;
}

export class PrizeWinnerDto extends LeaderboardRowDto {
  @ApiProperty({ enum: ['first', 'second', 'third', 'consolation'] }) prize: string;
  @ApiProperty() prizeLabel: string;
}

export class PrizeListDto {
  @ApiProperty({ type: PrizeConfigDto }) config: PrizeConfigDto;
  @ApiProperty({ type: [PrizeWinnerDto] }) winners: PrizeWinnerDto[];
}

export class RegradeResponseDto {
  @ApiProperty({ format: 'uuid' }) regradeId: string;
  @ApiProperty() questionsChanged: number;
  @ApiProperty() answersRescored: number;
  @ApiProperty() attemptsChanged: number;
  @ApiProperty() ranksChanged: number;
  @ApiProperty() changes: Record<string, unknown>;
}
