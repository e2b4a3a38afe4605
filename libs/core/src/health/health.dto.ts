import { ApiProperty } from '@nestjs/swagger';

export class HealthResponseDto {
  @ApiProperty({ enum: ['ok', 'unavailable'] })
  status: 'ok' | 'unavailable';

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', enum: ['up', 'down'] } })
  checks: Record<string, 'up' | 'down'>;

  /** Which API process answered (INSTANCE_ID, random unless set): behind a load balancer or with API_WORKERS. */
  @ApiProperty()
  instance: string;
}
