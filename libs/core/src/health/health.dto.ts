import { ApiProperty } from '@nestjs/swagger';

export class HealthResponseDto {
  @ApiProperty({ enum: ['ok', 'unavailable'] })
  status: 'ok' | 'unavailable';

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', enum: ['up', 'down'] } })
  checks: Record<string, 'up' | 'down'>;
}
