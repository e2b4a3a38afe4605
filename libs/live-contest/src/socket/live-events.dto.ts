import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import type {
  HostCommandPayload,
  HostExtraTimePayload,
  HostKickPayload,
  HostOpenPayload,
  PlayerJoinPayload,
} from '#contracts';

/**
 * Socket payloads, validated by the same pipe as HTTP bodies (unknown fields refused, types enforced). The answer's
 * payload is checked by hand (player-answer.ts): it is the hot path.
 */
export class PlayerJoinDto implements PlayerJoinPayload {
  @Matches(/^\d{6}$/, { message: 'Mã PIN gồm 6 chữ số.' })
  pin: string;

  // Length, characters and words are the nickname rules' job (NICKNAME_INVALID); the message size cap bounds it here.
  @IsString()
  nickname: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  resumeToken?: string;
}

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
