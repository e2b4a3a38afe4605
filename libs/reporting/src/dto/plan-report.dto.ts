import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { PLAN_TARGET_LETTERS } from '#contracts';
import { PLAN_FIRST_YEAR, PLAN_LAST_YEAR } from '../plan-targets.js';

export class PlanReportQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "The unit (and its subtree); the caller's own unit by default" })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({
    minimum: PLAN_FIRST_YEAR,
    maximum: PLAN_LAST_YEAR,
    description: 'The current year by default',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(PLAN_FIRST_YEAR)
  @Max(PLAN_LAST_YEAR)
  year?: number;
}

export class PlanFigureDto {
  @ApiProperty({ description: 'People (or the count) achieved: cumulative from 2023 to the end of the year' })
  achieved: number;
  @ApiProperty({ description: 'Of which newly counted in the year' }) inYear: number;
  @ApiProperty({ type: Number, nullable: true, description: 'The total measured against (null for counts)' })
  population: number | null;
  @ApiProperty({
    enum: ['members', 'registered', 'mixed', 'entered', 'none'],
    description: 'members: member counts; registered: people registered where counts are missing; mixed: both',
  })
  populationSource: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Percent, never above 100; null when not computable' })
  rate: number | null;
  @ApiProperty({ type: Number, nullable: true }) gap2025: number | null;
  @ApiProperty({ type: Number, nullable: true }) gap2030: number | null;
  @ApiProperty({ type: [String], enum: ['ACHIEVED_ABOVE_POPULATION', 'MEMBER_COUNT_BELOW_REGISTERED'] })
  flags: string[];
  @ApiProperty() unitsBelowRegistered: number;
  @ApiProperty() unitsEntered: number;
}

export class PlanChildFigureDto {
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ type: PlanFigureDto }) figure: PlanFigureDto;
}

export class PlanRowDto {
  @ApiProperty() letter: string;
  @ApiProperty() key: string;
  @ApiProperty() populationVi: string;
  @ApiProperty() populationEn: string;
  @ApiProperty({ enum: ['percent', 'count'] }) measure: string;
  @ApiProperty({ type: Number, nullable: true }) goal2025: number | null;
  @ApiProperty({ type: Number, nullable: true }) goal2030: number | null;
  @ApiProperty({ type: String, nullable: true }) countUnitVi: string | null;
  @ApiProperty({ enum: ['courses', 'contest', 'manual'] }) source: string;
  @ApiProperty({ type: PlanFigureDto, description: 'The unit with its whole subtree' }) total: PlanFigureDto;
  @ApiProperty({ type: PlanFigureDto, description: "The unit's own people and entries (not its children's)" })
  own: PlanFigureDto;
  @ApiProperty({ type: [PlanChildFigureDto] }) children: PlanChildFigureDto[];
}

export class PlanTargetDto {
  @ApiProperty() letter: string;
  @ApiProperty() topicVi: string;
  @ApiProperty() topicEn: string;
  @ApiProperty({ type: [PlanRowDto] }) rows: PlanRowDto[];
}

export class PlanUnitDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class PlanEntryDto {
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty() year: number;
  @ApiProperty() letter: string;
  @ApiProperty() rowKey: string;
  @ApiProperty({ type: Number, nullable: true }) achieved: number | null;
  @ApiProperty({ type: Number, nullable: true }) base: number | null;
  @ApiProperty() note: string;
  @ApiProperty() enteredByName: string;
  @ApiProperty({ format: 'date-time' }) enteredAt: string;
}

export class PlanReportDto {
  @ApiProperty() year: number;
  @ApiProperty({ type: PlanUnitDto }) unit: PlanUnitDto;
  @ApiProperty({ type: [PlanUnitDto], description: 'Active child units, sorted the Vietnamese way' })
  children: PlanUnitDto[];
  @ApiProperty({ type: [PlanTargetDto] }) targets: PlanTargetDto[];
  @ApiProperty({ type: [PlanEntryDto], description: 'Figures entered for this unit and year, as entered' })
  entries: PlanEntryDto[];
  @ApiProperty({ type: [String], description: 'The letters contest participation counts toward' })
  contestLetters: string[];
  @ApiProperty({ description: 'Whether contest participation could be read (the contest module provides it)' })
  contestAvailable: boolean;
  @ApiProperty({ format: 'date-time' }) computedAt: string;
}

export class SavePlanEntryDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() unitId: string;

  @ApiProperty({ minimum: PLAN_FIRST_YEAR, maximum: PLAN_LAST_YEAR })
  @IsInt()
  @Min(PLAN_FIRST_YEAR)
  @Max(PLAN_LAST_YEAR)
  year: number;

  @ApiProperty({ enum: PLAN_TARGET_LETTERS }) @IsIn(PLAN_TARGET_LETTERS) letter: string;

  @ApiProperty({ example: 'schools' }) @IsString() @Length(1, 40) rowKey: string;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'Achieved (targets the platform does not measure)',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100_000_000)
  achieved?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'The total measured against (schools, pages, new members…)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  base?: number | null;

  @ApiProperty({ description: 'Where the figure comes from (required)' }) @IsString() @Length(1, 1000) note: string;
}
