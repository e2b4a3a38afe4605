import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '#core';
import { SigningKeys } from './credentials/signing-keys.js';
import { JwksDto } from './dto/certificate.dto.js';

/** The public keys of the certificate credentials, at the well-known address (outside /api/v1). */
@ApiTags('certificates')
@Public()
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: SigningKeys) {}

  @Get('jwks.json')
  // Short: a revoked key must leave verifiers' caches soon.
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOperation({
    summary: 'Khóa công khai ký chứng chỉ (JWKS): khóa đang dùng và khóa đã thay; khóa bị thu hồi bị gỡ',
  })
  @ApiOkResponse({ type: JwksDto })
  getJwks(): Promise<JwksDto> {
    return this.keys.jwks() as Promise<JwksDto>;
  }
}
