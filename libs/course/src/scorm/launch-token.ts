import { Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Clock, SettingsService } from '#core';

/** How long a launch link works: a long lecture and a break, not a link to keep. */
export const LAUNCH_TTL_SECONDS = 6 * 3600;

export interface LaunchClaims {
  packageId: string;
  lessonId: string;
  userId: string;
  expiresAt: Date;
}

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const uuidOf = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/**
 * The launch token in a SCORM frame's path (an iframe sends no bearer token): lesson, learner and expiry, signed for
 * one package with a server key. It opens that package's files and its own resume data, nothing else; it is not an
 * access token anywhere in the API.
 */
@Injectable()
export class LaunchTokens {
  private key: Promise<string> | null = null;

  constructor(
    private readonly settings: SettingsService,
    private readonly clock: Clock,
  ) {}

  async sign(packageId: string, lessonId: string, userId: string): Promise<{ token: string; expiresAt: Date }> {
    const exp = Math.floor(this.clock.nowMs() / 1000) + LAUNCH_TTL_SECONDS;
    const body = Buffer.alloc(36);
    uuidBytes(lessonId).copy(body, 0);
    uuidBytes(userId).copy(body, 16);
    body.writeUInt32BE(exp, 32);
    const mac = await this.mac(packageId, body);
    return { token: Buffer.concat([body, mac]).toString('base64url'), expiresAt: new Date(exp * 1000) };
  }

  /** The claims of a valid, unexpired token for this package; null otherwise. */
  async verify(packageId: string, token: string): Promise<LaunchClaims | null> {
    if (!/^[A-Za-z0-9_-]{70}$/.test(token)) return null;
    const raw = Buffer.from(token, 'base64url');
    if (raw.length !== 52) return null;
    const body = raw.subarray(0, 36);
    const expected = await this.mac(packageId, body);
    if (!timingSafeEqual(new Uint8Array(expected), new Uint8Array(raw.subarray(36)))) return null;
    const exp = body.readUInt32BE(32);
    if (exp * 1000 <= this.clock.nowMs()) return null;
    return {
      packageId,
      lessonId: uuidOf(body.subarray(0, 16)),
      userId: uuidOf(body.subarray(16, 32)),
      expiresAt: new Date(exp * 1000),
    };
  }

  private async mac(packageId: string, body: Buffer): Promise<Buffer> {
    this.key ??= this.settings.secret('scorm_launch_secret', 32);
    const key = await this.key.catch((error: unknown) => {
      this.key = null;
      throw error;
    });
    return createHmac('sha256', key)
      .update(new Uint8Array(uuidBytes(packageId)))
      .update(new Uint8Array(body))
      .digest()
      .subarray(0, 16);
  }
}
