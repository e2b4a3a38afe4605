import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import type { LiveScoring } from '#contracts';

export class CreateLiveGameDto {
  @ApiProperty({ example: 'Đố vui Hải Phòng' })
  @IsString()
  @Length(1, 200, { message: 'Tên trò chơi dài từ 1 đến 200 ký tự.' })
  title: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'Ngân hàng câu hỏi không hợp lệ.' })
  bankId: string;

  @ApiPropertyOptional({ description: 'Đường dẫn chủ đề, gồm cả chủ đề con' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  category?: string;

  @ApiPropertyOptional({ enum: [1, 2, 3] })
  @IsOptional()
  @IsIn([1, 2, 3])
  difficulty?: 1 | 2 | 3;

  @ApiProperty({ minimum: 1, maximum: 100 })
  @IsInt()
  @Min(1)
  @Max(100, { message: 'Một trò chơi có tối đa 100 câu hỏi.' })
  questionCount: number;

  @ApiProperty({ minimum: 5, maximum: 300 })
  @IsInt()
  @Min(5, { message: 'Thời gian mỗi câu từ 5 đến 300 giây.' })
  @Max(300, { message: 'Thời gian mỗi câu từ 5 đến 300 giây.' })
  questionTimeSeconds: number;

  @ApiPropertyOptional({ type: [String], description: 'Câu hỏi chọn tay (theo thứ tự); bỏ qua chủ đề và số câu' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  questionIds?: string[];

  @ApiPropertyOptional({ enum: ['speed', 'accuracy'], default: 'speed' })
  @IsOptional()
  @IsIn(['speed', 'accuracy'])
  scoring?: LiveScoring;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  streaks?: boolean;
}

export class CreatedLiveGameDto {
  @ApiProperty({ format: 'uuid' }) gameId: string;
  @ApiProperty({ example: '482913' }) pin: string;
  @ApiProperty() joinUrl: string;
  @ApiProperty({ description: 'Mã QR của joinUrl, dạng data URL (SVG)' }) qrCode: string;
}

export class LiveGameSettingsDto {
  @ApiProperty({ format: 'uuid' }) bankId: string;
  @ApiProperty({ type: String, nullable: true }) category: string | null;
  @ApiProperty({ type: Number, nullable: true }) difficulty: number | null;
  @ApiProperty() questionCount: number;
  @ApiProperty() questionTimeSeconds: number;
  @ApiProperty({ enum: ['speed', 'accuracy'] }) scoring: LiveScoring;
  @ApiProperty() streaks: boolean;
  @ApiProperty() handPicked: boolean;
}

export class LiveGameViewDto extends CreatedLiveGameDto {
  @ApiProperty() title: string;
  @ApiProperty({ enum: ['lobby', 'question', 'result', 'ended', 'running'] }) status: string;
  @ApiProperty() paused: boolean;
  @ApiProperty() questionIndex: number;
  @ApiProperty() questionCount: number;
  @ApiProperty() playerCount: number;
  @ApiProperty({ type: LiveGameSettingsDto }) settings: LiveGameSettingsDto;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) startedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) endedAt: string | null;
  @ApiProperty({ description: 'Trò chơi bị gián đoạn do máy chủ khởi động lại (không có kết quả)' })
  interrupted: boolean;
}

export class LiveResultRowDto {
  @ApiProperty({ description: '0 cho người chơi bị mời ra' }) rank: number;
  @ApiProperty({ format: 'uuid' }) playerId: string;
  @ApiProperty() nickname: string;
  @ApiProperty() score: number;
  @ApiProperty() correctCount: number;
  @ApiProperty() correctTimeMs: number;
  @ApiProperty() kicked: boolean;
}

export class LiveResultsDto {
  @ApiProperty({ format: 'uuid' }) gameId: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) endedAt: string | null;
  @ApiProperty({ type: [LiveResultRowDto] }) players: LiveResultRowDto[];
}

export class LiveGamesQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page phải là số nguyên.' })
  @Min(1, { message: 'page nhỏ nhất là 1.' })
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize phải là số nguyên.' })
  @Min(1, { message: 'pageSize nhỏ nhất là 1.' })
  @Max(100, { message: 'pageSize lớn nhất là 100.' })
  pageSize?: number;
}

export class LiveGameSummaryDto {
  @ApiProperty({ format: 'uuid' }) gameId: string;
  @ApiProperty() title: string;
  @ApiProperty() pin: string;
  @ApiProperty({ enum: ['lobby', 'running', 'ended'] }) status: string;
  @ApiProperty() questionCount: number;
  @ApiProperty({ description: 'Số người chơi lúc kết thúc (0 trước đó)' }) playerCount: number;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) startedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) endedAt: string | null;
  @ApiProperty() interrupted: boolean;
  @ApiProperty({ description: 'Trò chơi chung (dữ liệu mẫu): mọi người tổ chức đều điều khiển được' }) shared: boolean;
}

export class LiveGameListDto {
  @ApiProperty({ type: [LiveGameSummaryDto] }) items: LiveGameSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class SetExtraTimeDto {
  @ApiProperty({ minimum: 0, maximum: 300, description: 'Thời gian cộng thêm mỗi câu (giây)' })
  @IsInt()
  @Min(0)
  @Max(300)
  seconds: number;
}

export class ExtraTimeDto {
  @ApiProperty({ format: 'uuid' }) playerId: string;
  @ApiProperty() extraTimeMs: number;
}

export class FinishedLiveGameDto {
  @ApiProperty({ format: 'uuid' }) gameId: string;
  @ApiProperty() title: string;
  @ApiProperty() endedAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'Đơn vị của người tạo (null: toàn thành phố)' })
  unitName: string | null;
  @ApiProperty({ description: 'Người chơi được xếp hạng' }) playerCount: number;
  @ApiProperty({ description: 'Trong đó đã đăng nhập (chỉ họ nhận được chứng nhận)' }) signedInCount: number;
}
