import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { UNIT_KINDS, type UnitKind } from '#contracts';
import { UnitRefDto } from './auth.dto.js';

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

export class SearchUnitsQueryDto {
  @ApiProperty({ description: 'Tên, tên đầy đủ hoặc mã (không phân biệt dấu, hoa thường)' })
  @IsString()
  @Length(1, 100, { message: 'Nhập từ 1 đến 100 ký tự để tìm.' })
  q: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 30 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class UnitSearchResultDto extends UnitResponseDto {
  @ApiProperty({ type: String, isArray: true, description: 'Tên các đơn vị cấp trên, từ gốc xuống' })
  trail: string[];
}

export class CodeChangeDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
}

/** What a move or a merge would change, computed by doing it in a transaction that is then rolled back. */
export class UnitChangePreviewDto {
  @ApiProperty({ enum: ['move', 'merge'] }) action: 'move' | 'merge';
  @ApiProperty({ type: UnitRefDto }) unit: UnitRefDto;
  @ApiProperty({ type: UnitRefDto, description: 'Đơn vị cấp trên mới (chuyển) hoặc đơn vị nhận (sáp nhập)' })
  target: UnitRefDto;
  @ApiProperty({ type: UnitRefDto, nullable: true, description: 'Đơn vị cấp trên hiện nay' })
  currentParent: UnitRefDto | null;
  @ApiProperty({ description: 'Số tài khoản đổi đơn vị (sáp nhập: người của chính đơn vị này)' })
  peopleReassigned: number;
  @ApiProperty({ description: 'Số tài khoản đi theo các đơn vị được chuyển (giữ nguyên đơn vị của mình)' })
  peopleCarried: number;
  @ApiProperty({ description: 'Số đơn vị con trực tiếp được chuyển theo' }) childUnits: number;
  @ApiProperty({ description: 'Số đơn vị cấp dưới (mọi cấp) được chuyển theo' }) descendantUnits: number;
  @ApiProperty({ type: MemberCountsDto, description: 'Số lượng theo đối tượng được chuyển đi' })
  countsMoved: MemberCountsDto;
  @ApiProperty({
    type: MemberCountsDto,
    nullable: true,
    description: 'Sáp nhập: số lượng của đơn vị nhận sau khi nhập',
  })
  targetCountsAfter: MemberCountsDto | null;
  @ApiProperty({ description: 'Số mã đơn vị đổi theo' }) codeChangeCount: number;
  @ApiProperty({ type: CodeChangeDto, isArray: true, description: 'Các mã đổi (tối đa 50)' })
  codeChanges: CodeChangeDto[];
}
