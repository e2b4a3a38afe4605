import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ROLES, type Role } from '#contracts';
import { UserResponseDto } from './auth.dto.js';

export class ListUsersQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Chỉ người của cây đơn vị này' })
  @IsOptional()
  @IsUUID('all', { message: 'unitId không hợp lệ.' })
  unitId?: string;

  @ApiPropertyOptional({ description: 'Tìm theo họ tên hoặc tên đăng nhập (không phân biệt dấu, hoa thường)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: ROLES, description: 'Chỉ người có vai trò này' })
  @IsOptional()
  @IsIn(ROLES as unknown as string[], { message: 'Vai trò không hợp lệ.' })
  role?: Role;

  @ApiPropertyOptional({ enum: ['active', 'disabled'] })
  @IsOptional()
  @IsIn(['active', 'disabled'], { message: 'Trạng thái là active hoặc disabled.' })
  status?: 'active' | 'disabled';

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page phải là số nguyên.' })
  @Min(1)
  @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}

export class ExportUsersQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'unitId không hợp lệ.' })
  unitId?: string;

  @ApiPropertyOptional({ description: 'Tìm theo họ tên hoặc tên đăng nhập (không phân biệt dấu)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES as unknown as string[], { message: 'Vai trò không hợp lệ.' })
  role?: Role;

  @ApiPropertyOptional({ enum: ['active', 'disabled'] })
  @IsOptional()
  @IsIn(['active', 'disabled'], { message: 'Trạng thái là active hoặc disabled.' })
  status?: 'active' | 'disabled';
}

export class UserAdminDto extends UserResponseDto {
  @ApiProperty({ enum: ['active', 'disabled'] }) status: 'active' | 'disabled';
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
}

export class UserPageDto {
  @ApiProperty({ type: UserAdminDto, isArray: true }) items: UserAdminDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class SetRolesDto {
  @ApiProperty({ enum: ROLES, isArray: true, example: ['participant', 'author'] })
  @IsArray()
  @ArrayMinSize(1, { message: 'Cần ít nhất một vai trò.' })
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES as unknown as string[], { each: true, message: 'Vai trò không hợp lệ.' })
  roles: Role[];
}

export class SetStatusDto {
  @ApiProperty({ enum: ['active', 'disabled'] })
  @IsIn(['active', 'disabled'], { message: 'Trạng thái là active hoặc disabled.' })
  status: 'active' | 'disabled';
}

export class SetUnitDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'Đơn vị không hợp lệ.' })
  unitId: string;
}

export class PasswordResetDto {
  @ApiProperty() username: string;
  @ApiProperty({ description: 'Mật khẩu dùng một lần: chỉ trả về lần này; người dùng phải đổi khi đăng nhập' })
  temporaryPassword: string;
}

export class ImportedAccountDto {
  @ApiProperty() row: number;
  @ApiProperty() username: string;
  @ApiProperty() fullName: string;
  @ApiPropertyOptional({ description: 'Mật khẩu ban đầu: chỉ trả về một lần, không lưu ở dạng đọc được' })
  initialPassword?: string;
}

export class MemberImportResultDto {
  @ApiProperty() dryRun: boolean;
  @ApiProperty() created: number;
  @ApiProperty({ type: ImportedAccountDto, isArray: true }) accounts: ImportedAccountDto[];
}
