import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AllowedBeforePasswordChange, CurrentUser, Public, type Principal } from '#core';
import { AuthResponseDto, ChangePasswordDto, LoginDto, RegisterDto, UserResponseDto } from '../dto/auth.dto.js';
import { AuthService } from './auth.service.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Đăng nhập',
    description:
      'Sai nhiều lần thì phải chờ lâu dần (429 TOO_MANY_ATTEMPTS, details.retryAfterSeconds, header Retry-After).',
  })
  @ApiOkResponse({ type: AuthResponseDto })
  login(@Body() dto: LoginDto, @Req() req: FastifyRequest): Promise<AuthResponseDto> {
    return this.auth.login(dto, req.ip);
  }

  @Public()
  @Post('register')
  @ApiOperation({ summary: 'Đăng ký tài khoản thí sinh' })
  @ApiCreatedResponse({ type: AuthResponseDto })
  register(@Body() dto: RegisterDto, @Req() req: FastifyRequest): Promise<AuthResponseDto> {
    return this.auth.register(dto, req.ip);
  }

  @Get('me')
  @AllowedBeforePasswordChange()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Người dùng hiện tại' })
  @ApiOkResponse({ type: UserResponseDto })
  getMe(@CurrentUser() principal: Principal): Promise<UserResponseDto> {
    return this.auth.me(principal);
  }

  @Post('password')
  @HttpCode(200)
  @AllowedBeforePasswordChange()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Đổi mật khẩu của chính mình',
    description: 'Cần mật khẩu hiện tại. Mọi phiên đăng nhập khác bị thu hồi; trả về phiên mới.',
  })
  @ApiOkResponse({ type: AuthResponseDto })
  changePassword(
    @CurrentUser() principal: Principal,
    @Body() dto: ChangePasswordDto,
    @Req() req: FastifyRequest,
  ): Promise<AuthResponseDto> {
    return this.auth.changePassword(principal, dto, req.ip);
  }
}
