import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';

export class CreateBankDto {
  @ApiProperty({ example: 'Ngân hàng câu hỏi pháp luật 2026' })
  @IsString({ message: 'Tên ngân hàng phải là chuỗi.' })
  @Length(1, 200, { message: 'Tên ngân hàng dài từ 1 đến 200 ký tự.' })
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000, { message: 'Mô tả tối đa 2000 ký tự.' })
  description?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Đơn vị sở hữu; mặc định là đơn vị của người tạo' })
  @IsOptional()
  @IsUUID('all', { message: 'Đơn vị không hợp lệ.' })
  unitId?: string;
}

export class BankResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ format: 'uuid' }) ownerUnitId: string;
  @ApiProperty() ownerUnitName: string;
  @ApiProperty() questionCount: number;
  @ApiProperty({ description: 'Số câu đang có phiên bản đã duyệt (dùng được để ra đề)' }) publishedCount: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Lưu trữ lúc (null: đang dùng)' })
  archivedAt: string | null;
}

export class ListBanksQueryDto {
  @ApiPropertyOptional({ description: 'true: chỉ các ngân hàng đã lưu trữ; mặc định: các ngân hàng đang dùng' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'archived phải là true hoặc false.' })
  archived?: boolean;
}

export class UpdateBankDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'Tên ngân hàng phải là chuỗi.' })
  @Length(1, 200, { message: 'Tên ngân hàng dài từ 1 đến 200 ký tự.' })
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000, { message: 'Mô tả tối đa 2000 ký tự.' })
  description?: string | null;

  @ApiPropertyOptional({ description: 'true: lưu trữ (ẩn khỏi danh sách, không thêm câu hỏi); false: khôi phục' })
  @IsOptional()
  @IsBoolean({ message: 'archived phải là true hoặc false.' })
  archived?: boolean;
}

export class CategoryNodeDto {
  @ApiProperty() name: string;
  @ApiProperty({ example: 'Pháp luật/Luật An ninh mạng' }) path: string;
  @ApiProperty({ description: 'Số câu hỏi trực tiếp trong danh mục' }) count: number;
  @ApiProperty({ description: 'Số câu hỏi kể cả danh mục con' }) total: number;
  @ApiProperty({ type: () => CategoryNodeDto, isArray: true }) children: CategoryNodeDto[];
}

export class CategoryTreeDto {
  @ApiProperty({ description: 'Tổng số câu hỏi của ngân hàng' }) total: number;
  @ApiProperty({ description: 'Số câu hỏi chưa xếp danh mục' }) uncategorized: number;
  @ApiProperty({ type: CategoryNodeDto, isArray: true }) roots: CategoryNodeDto[];
}
