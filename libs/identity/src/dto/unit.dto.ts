import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { UNIT_KINDS, type UnitKind } from '#contracts';

export class ListUnitsQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Bỏ trống để lấy cấp cao nhất' })
  @IsOptional()
  @IsUUID('all', { message: 'parentId không hợp lệ.' })
  parentId?: string;
}

export class MemberCountsDto {
  @ApiProperty() @IsInt() @Min(0) @Max(10_000_000) cadres: number;
  @ApiProperty() @IsInt() @Min(0) @Max(10_000_000) members: number;
  @ApiProperty() @IsInt() @Min(0) @Max(10_000_000) youth: number;
  @ApiProperty() @IsInt() @Min(0) @Max(10_000_000) teens: number;
}

export class UnitResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) fullName: string | null;
  @ApiProperty({ enum: UNIT_KINDS }) kind: UnitKind;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) parentId: string | null;
  @ApiProperty() depth: number;
  @ApiProperty({ type: MemberCountsDto }) counts: MemberCountsDto;
  @ApiProperty({ enum: ['active', 'merged'] }) status: 'active' | 'merged';
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) mergedIntoId: string | null;
  @ApiPropertyOptional() childCount?: number;
}

export class CreateUnitDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'Đơn vị cấp trên không hợp lệ.' })
  parentId: string;

  @ApiProperty({ example: 'phuong-an-bien/thcs-an-bien', description: 'Mã cấp trên + "/" + một phần' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9/_-]{1,99}$/, { message: 'Mã đơn vị gồm chữ thường không dấu, số, "-", "_" hoặc "/".' })
  code: string;

  @ApiProperty()
  @IsString()
  @Length(1, 200, { message: 'Tên đơn vị dài từ 1 đến 200 ký tự.' })
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 300)
  fullName?: string;

  @ApiProperty({ enum: UNIT_KINDS })
  @IsIn(UNIT_KINDS as unknown as string[], { message: 'Loại đơn vị không hợp lệ.' })
  kind: UnitKind;

  @ApiPropertyOptional({ type: MemberCountsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => MemberCountsDto)
  counts?: MemberCountsDto;
}

export class UpdateUnitDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200, { message: 'Tên đơn vị dài từ 1 đến 200 ký tự.' })
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 300)
  fullName?: string;

  @ApiPropertyOptional({ type: MemberCountsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => MemberCountsDto)
  counts?: MemberCountsDto;
}

export class MoveUnitDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  newParentId: string;
}

export class MergeUnitDto {
  @ApiProperty({ format: 'uuid', description: 'Đơn vị nhận (đơn vị này bị sáp nhập vào đó)' })
  @IsUUID('all')
  targetUnitId: string;
}

export class MergeResultDto {
  @ApiProperty({ format: 'uuid' }) sourceUnitId: string;
  @ApiProperty({ format: 'uuid' }) targetUnitId: string;
  @ApiProperty() movedUsers: number;
  @ApiProperty() movedChildren: number;
}
