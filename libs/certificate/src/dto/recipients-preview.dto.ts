import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

export class RecipientsPreviewQueryDto {
  @ApiProperty({ minimum: 1, maximum: 1000, description: 'N hạng đầu (cả những người đồng hạng thứ N)' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  topN: number;
}

/** Who a bulk issue from a live game would reach, before it is started. */
export class RecipientsPreviewDto {
  @ApiProperty({ description: 'Thành tích in trên giấy (tên trò chơi)' }) title: string;
  @ApiProperty({ description: 'Người chơi đã đăng nhập trong N hạng đầu: sẽ được cấp' }) recipients: number;
  @ApiProperty({ description: 'Người chơi khách (không đăng nhập) trong N hạng đầu: bị bỏ qua' }) skipped: number;
}
