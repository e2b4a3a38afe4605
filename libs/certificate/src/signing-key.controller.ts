import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type Principal } from '#core';
import { SigningKeys } from './credentials/signing-keys.js';
import { RevokeKeyDto, RotateKeyResponseDto, SigningKeyDto } from './dto/certificate.dto.js';

/** The administrators' door to the signing keys: list, rotate, revoke (all audit-logged). */
@ApiTags('certificates')
@ApiBearerAuth()
@Roles('admin')
@Controller('certificate-keys')
export class SigningKeyController {
  constructor(private readonly keys: SigningKeys) {}

  @Get()
  @ApiOkResponse({ type: [SigningKeyDto] })
  listSigningKeys(): Promise<SigningKeyDto[]> {
    return this.keys.list();
  }

  @Post('rotate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Thay khóa ký: khóa cũ vẫn được công bố để chứng chỉ cũ vẫn xác minh được' })
  @ApiOkResponse({ type: RotateKeyResponseDto })
  async rotateSigningKey(@CurrentUser() p: Principal): Promise<RotateKeyResponseDto> {
    return { kid: await this.keys.rotate(p) };
  }

  @Post(':kid/revoke')
  @HttpCode(204)
  @ApiOperation({ summary: 'Thu hồi khóa ký (lộ khóa): gỡ khỏi JWKS, mọi chứng chỉ ký bằng nó bị đánh dấu thu hồi' })
  @ApiNoContentResponse()
  async revokeSigningKey(
    @CurrentUser() p: Principal,
    @Param('kid') kid: string,
    @Body() dto: RevokeKeyDto,
  ): Promise<void> {
    await this.keys.revoke(p, kid, dto.reason.normalize('NFC').trim());
  }
}
