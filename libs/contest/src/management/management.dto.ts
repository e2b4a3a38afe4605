import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { POPULATIONS, type Population } from '#contracts';
import { REVIEW_LEVELS, type ReviewLevel } from '#quiz-engine';
import { BlueprintEntryDto, CreateRoundDto, LeaderboardRowDto, PrizeConfigDto } from '../dto/contest.dto.js';
import { COUNTED_ATTEMPTS, PREDICTION_TARGETS, RANKING_KEYS } from '../ranking.js';

export class UpdateContestDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(3, 200) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 5000) description?: string;
}

/**
 * A round's settings to change, each optional. Once a round has attempts only what cannot change a result may change
 * (title, close time, review options, audience); the API refuses the rest with ROUND_HAS_ATTEMPTS.
 */
export class UpdateRoundDto extends PartialType(CreateRoundDto) {}

export const ROUND_PHASES = ['upcoming', 'open', 'closing', 'closed'] as const;
export type RoundPhase = (typeof ROUND_PHASES)[number];

export class ManagedRoundDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({
    enum: ROUND_PHASES,
    description: 'upcoming; open; closing (past its close time, not frozen yet); closed (ranking frozen)',
  })
  phase: RoundPhase;
  @ApiProperty({ type: String, format: 'date-time' }) opensAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) closesAt: string;
  @ApiProperty({ description: 'People who took part (started an attempt; once closed: ranked)' }) participants: number;
}

export class ManagedContestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiPropertyOptional({ type: String, nullable: true }) description: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The organizing unit' }) unitName: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: [ManagedRoundDto] }) rounds: ManagedRoundDto[];
}

export class PredictionSettingDto {
  @ApiProperty() question: string;
  @ApiProperty({ enum: PREDICTION_TARGETS }) target: string;
}

export class ReviewSettingDto {
  @ApiProperty({ enum: REVIEW_LEVELS }) afterSubmit: ReviewLevel;
  @ApiProperty({ enum: REVIEW_LEVELS }) afterClose: ReviewLevel;
}

export class AudienceUnitDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

/** Everything an organizer set on a round, where it stands, and what may still change. */
export class RoundSettingsDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) contestId: string;
  @ApiProperty() contestTitle: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid' }) bankId: string;
  @ApiProperty({ enum: ROUND_PHASES }) phase: RoundPhase;
  @ApiProperty({ type: String, format: 'date-time' }) opensAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) closesAt: string;
  @ApiProperty() durationSeconds: number;
  @ApiProperty() maxAttempts: number;
  @ApiProperty({ enum: COUNTED_ATTEMPTS }) countedAttempt: string;
  @ApiProperty({ type: [BlueprintEntryDto] }) blueprint: BlueprintEntryDto[];
  @ApiProperty() pointsPerQuestion: number;
  @ApiPropertyOptional({ type: PredictionSettingDto, nullable: true }) prediction: PredictionSettingDto | null;
  @ApiProperty({ enum: RANKING_KEYS, isArray: true }) ranking: string[];
  @ApiProperty({ type: ReviewSettingDto }) review: ReviewSettingDto;
  @ApiProperty({ type: [String], format: 'uuid', description: 'Empty: the whole city' }) audienceUnitIds: string[];
  @ApiProperty({ type: [AudienceUnitDto], description: 'The audience units with their names' })
  audienceUnits: AudienceUnitDto[];
  @ApiProperty({ enum: POPULATIONS, isArray: true }) statsPopulations: Population[];
  @ApiPropertyOptional({ type: PrizeConfigDto, nullable: true }) prizes: PrizeConfigDto | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) predictionValue: number | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) closedAt: string | null;
  @ApiProperty({ description: 'Attempts started so far (any: only settings that cannot change a result may change)' })
  attempts: number;
  @ApiProperty({ type: [String], description: 'Settings that may change now' }) editable: string[];
}

export class BlueprintCheckDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() bankId: string;

  @ApiProperty({ type: [BlueprintEntryDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => BlueprintEntryDto)
  blueprint: BlueprintEntryDto[];
}

export class BlueprintSlotDto {
  @ApiProperty() category: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) difficulty: number | null;
  @ApiProperty() count: number;
  @ApiProperty({ description: 'Published questions of the bank this slot can draw from' }) available: number;
  @ApiProperty() enough: boolean;
}

export class BlueprintCheckResultDto {
  @ApiProperty({ type: [BlueprintSlotDto] }) slots: BlueprintSlotDto[];
  @ApiProperty({ description: 'Every slot can be filled' }) enough: boolean;
  @ApiProperty({ description: 'Questions a paper has' }) questionCount: number;
}

export class ProgressQueryDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 10, default: 1, description: 'Level of the unit tree to group by' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  depth?: number;
}

export class UnitProgressDto {
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty() name: string;
  @ApiProperty() depth: number;
  @ApiProperty() participants: number;
  @ApiProperty() inProgress: number;
  @ApiProperty() submitted: number;
}

export class RoundProgressDto {
  @ApiProperty({ format: 'uuid' }) roundId: string;
  @ApiProperty({ enum: ROUND_PHASES }) phase: RoundPhase;
  @ApiProperty() participants: number;
  @ApiProperty({ description: 'Attempts running now' }) inProgress: number;
  @ApiProperty({ description: 'Attempts submitted' }) submitted: number;
  @ApiProperty({ type: [UnitProgressDto] }) byUnit: UnitProgressDto[];
  @ApiProperty({ type: String, format: 'date-time' }) serverNow: string;
}

export class RankingQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class TieReasonDto {
  @ApiProperty({ enum: ['above', 'below'] }) against: 'above' | 'below';
  @ApiPropertyOptional({ enum: ['prediction', 'duration', 'submittedAt'], nullable: true }) decidedBy: string | null;
  @ApiProperty() text: string;
}

export class RankedRowDto extends LeaderboardRowDto {
  @ApiPropertyOptional({ type: String, nullable: true }) unitName: string | null;
  @ApiProperty() maxScore: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) predictionDistance: number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) prize: string | null;
  @ApiPropertyOptional({ type: TieReasonDto, nullable: true, description: 'Why, among people with the same score' })
  tie: TieReasonDto | null;
}

export class RoundRankingDto {
  @ApiProperty({ format: 'uuid' }) roundId: string;
  @ApiPropertyOptional({ type: String, nullable: true }) predictionQuestion: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) predictionValue: number | null;
  @ApiProperty({ enum: RANKING_KEYS, isArray: true }) order: string[];
  @ApiProperty() participants: number;
  @ApiProperty({ type: [RankedRowDto] }) rows: RankedRowDto[];
}

export class ItemOptionDto {
  @ApiProperty() id: string;
  @ApiProperty() text: string;
  @ApiProperty() fraction: number;
  @ApiProperty() upper: number;
  @ApiProperty() lower: number;
  @ApiProperty() total: number;
}

export class ItemReportDto {
  @ApiProperty({ format: 'uuid' }) questionId: string;
  @ApiProperty() text: string;
  @ApiProperty() responses: number;
  @ApiProperty({ description: 'Mean share of the points (0 hard … 1 easy)' }) facility: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) discrimination: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) pointBiserial: number | null;
  @ApiProperty({ enum: ['likely_wrong_key', 'too_easy', 'too_hard'], isArray: true }) flags: string[];
  @ApiProperty({ type: [String] }) reasons: string[];
  @ApiPropertyOptional({ type: [ItemOptionDto] }) options?: ItemOptionDto[];
}

export class FlagPersonDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() displayName: string;
  @ApiPropertyOptional({ type: String, nullable: true }) unitName: string | null;
}

export class FlagReportDto {
  @ApiProperty({ enum: ['too_fast', 'identical_burst', 'shared_device'] }) kind: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: [String] }) attemptIds: string[];
  @ApiProperty({ type: [FlagPersonDto] }) people: FlagPersonDto[];
}
