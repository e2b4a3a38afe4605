import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { HostCommandPayload, HostExtraTimePayload, HostKickPayload, HostOpenPayload } from '#contracts';

/**
 * The host's socket payloads, validated by the same pipe as HTTP bodies (unknown fields refused, types enforced). The
 * players' payloads are checked by hand (player-payloads.ts): they are the hot path.
 */
export class HostOpenDto implements HostOpenPayload {
  @IsUUID('all')
  gameId: string;
}

export class HostCommandDto implements HostCommandPayload {
  @IsOptional()
  @IsUUID('all')
  gameId?: string;
}

export class HostKickDto implements HostKickPayload {
  @IsUUID('all')
  playerId: string;
}

export class HostExtraTimeDto implements HostExtraTimePayload {
  @IsUUID('all')
  playerId: string;

  @IsInt()
  @Min(0)
  @Max(300)
  seconds: number;
}
