import { Controller, Get, Header, Param, ParseUUIDPipe, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '#core';
import { CertificateIssuers } from './certificate-issuers.js';
import { Certificates } from './certificates.js';
import { StatusLists } from './credentials/status-lists.js';
import { IssuerProfileDto, VerificationDto } from './dto/certificate.dto.js';

const uuid = new ParseUUIDPipe({ version: undefined });

/** What anyone may read without an account: verification, the status lists, the issuers' profiles. */
@ApiTags('certificates')
@Public()
@Controller('certificates')
export class CertificatePublicController {
  constructor(
    private readonly certificates: Certificates,
    private readonly statusLists: StatusLists,
    private readonly issuers: CertificateIssuers,
  ) {}

  @Get('verify/:code')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Xác minh công khai theo mã; trạng thái active | revoked | expired. Giới hạn tần suất theo địa chỉ (429 RATE_LIMITED, details.retryAfterSeconds, header Retry-After)',
  })
  @ApiOkResponse({ type: VerificationDto })
  verifyCertificate(@Param('code') code: string, @Req() req: FastifyRequest): Promise<VerificationDto> {
    return this.certificates.verify(code, req.ip);
  }

  @Get('status/:listId')
  // Revocation must show at once: no cache may keep an old list.
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'application/vc+jwt')
  @ApiOperation({ summary: 'Danh sách trạng thái (W3C Bitstring Status List) dạng VC-JWT đã ký' })
  @ApiProduces('application/vc+jwt')
  @ApiOkResponse({ schema: { type: 'string' } })
  getCertificateStatusList(@Param('listId', uuid) listId: string): Promise<string> {
    return this.statusLists.publishedList(listId);
  }

  @Get('issuers/:issuerId')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'Hồ sơ đơn vị cấp (Open Badges Profile); issuerId là mã đơn vị hoặc "city"' })
  @ApiOkResponse({ type: IssuerProfileDto })
  getCertificateIssuer(@Param('issuerId') issuerId: string): Promise<IssuerProfileDto> {
    return this.issuers.profile(issuerId);
  }
}
