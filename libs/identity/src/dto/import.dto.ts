import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

export class ImportQueryDto {
  @ApiPropertyOptional({ description: 'Chỉ kiểm tra, không ghi gì' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'dryRun phải là true hoặc false.' })
  dryRun?: boolean;
}

export class ImportFileDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'Tệp XLSX hoặc CSV (UTF-8)' })
  file: unknown;
}

export class UnitImportChangeDto {
  @ApiProperty({ description: 'Số dòng trong tệp' }) row: number;
  @ApiProperty() code: string;
  @ApiProperty({ enum: ['create', 'update', 'unchanged'] }) action: 'create' | 'update' | 'unchanged';
}

export class UnitImportResultDto {
  @ApiProperty() dryRun: boolean;
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
  @ApiProperty({ type: UnitImportChangeDto, isArray: true }) changes: UnitImportChangeDto[];
}
