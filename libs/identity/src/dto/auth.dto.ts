import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { POPULATIONS, ROLES, type Population, type Role } from '#contracts';

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString({ message: 'Tên đăng nhập phải là chuỗi ký tự.' })
  @Length(1, 64, { message: 'Tên đăng nhập dài từ 1 đến 64 ký tự.' })
  username: string;

  @ApiProperty()
  @IsString({ message: 'Mật khẩu phải là chuỗi ký tự.' })
  @Length(1, 256, { message: 'Mật khẩu dài từ 1 đến 256 ký tự.' })
  password: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString({ message: 'Mật khẩu phải là chuỗi ký tự.' })
  @Length(1, 256, { message: 'Mật khẩu dài từ 1 đến 256 ký tự.' })
  currentPassword: string;

  @ApiProperty({ minLength: 8 })
  @IsString()
  @Length(8, 128, { message: 'Mật khẩu mới dài từ 8 đến 128 ký tự.' })
  newPassword: string;
}

export class RegisterDto {
  @ApiProperty({ example: 'nguyenvanan', description: '3–32 chữ cái không dấu, số, dấu chấm, gạch dưới' })
  @IsString()
  @Matches(/^[A-Za-z0-9._]{3,32}$/, {
    message: 'Tên đăng nhập gồm 3–32 ký tự: chữ cái không dấu, số, dấu chấm hoặc gạch dưới.',
  })
  username: string;

  @ApiProperty({ minLength: 8 })
  @IsString()
  @Length(8, 128, { message: 'Mật khẩu dài từ 8 đến 128 ký tự.' })
  password: string;

  @ApiProperty({ example: 'Nguyễn Văn An' })
  @IsString()
  @Length(2, 100, { message: 'Họ và tên dài từ 2 đến 100 ký tự.' })
  @Matches(/^[^<>{}\u0000-\u001f]+$/u, { message: 'Họ và tên không được chứa ký tự đặc biệt.' })
  fullName: string;

  @ApiProperty({ example: '2008-05-19', description: 'YYYY-MM-DD' })
  @IsString()
  @MaxLength(10)
  birthDate: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'Đơn vị không hợp lệ.' })
  unitId: string;

  @ApiPropertyOptional({ example: '0912345678' })
  @IsOptional()
  @IsString()
  @Matches(/^(\+84|0)\d{9,10}$/, { message: 'Số điện thoại không hợp lệ.' })
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail({}, { message: 'Email không hợp lệ.' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ description: 'Số CCCD (12 số) hoặc CMND (9 số); lưu dạng băm' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  citizenId?: string;

  @ApiPropertyOptional({ enum: POPULATIONS })
  @IsOptional()
  @IsString()
  @Matches(new RegExp(`^(${POPULATIONS.join('|')})$`), { message: 'Đối tượng không hợp lệ.' })
  population?: Population;

  @ApiPropertyOptional({ description: 'Họ tên cha, mẹ hoặc người giám hộ (bắt buộc dưới 16 tuổi)' })
  @IsOptional()
  @IsString()
  @Length(2, 100)
  guardianName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^(\+84|0)\d{9,10}$/, { message: 'Số điện thoại người giám hộ không hợp lệ.' })
  guardianPhone?: string;

  @ApiPropertyOptional({ description: 'Người giám hộ đồng ý (bắt buộc dưới 16 tuổi)' })
  @IsOptional()
  @IsBoolean()
  guardianConsent?: boolean;

  @ApiPropertyOptional({ description: 'Trẻ tự đồng ý (bắt buộc từ đủ 7 đến dưới 16 tuổi)' })
  @IsOptional()
  @IsBoolean()
  childConsent?: boolean;

  @ApiPropertyOptional({ description: 'Đồng ý hiển thị họ tên đầy đủ trên bảng xếp hạng công khai' })
  @IsOptional()
  @IsBoolean()
  publicNameConsent?: boolean;
}

export class UnitRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() code: string;
}

export class UserResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ description: 'Tên hiển thị công khai (viết tắt với trẻ chưa có đồng ý)' }) publicName: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ type: UnitRefDto, nullable: true }) unit: UnitRefDto | null;
  @ApiProperty({ type: String, nullable: true }) birthDate: string | null;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: String, nullable: true, example: '********1234' }) citizenIdMasked: string | null;
  @ApiProperty({ enum: POPULATIONS, nullable: true }) population: Population | null;
  @ApiProperty() isMinor: boolean;
}

export class AuthResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn: number;
  @ApiProperty({
    description:
      'The password was reset by an organizer: only POST /auth/password and GET /auth/me work until it is changed',
  })
  mustChangePassword: boolean;
  @ApiProperty({ type: UserResponseDto }) user: UserResponseDto;
}
