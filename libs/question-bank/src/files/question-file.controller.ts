import { Controller, Get, Param, ParseUUIDPipe, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles, type Principal } from '#core';
import { BANK_READERS } from '../question-bank.roles.js';
import { asBytes } from '../bytes.js';
import { QuestionService } from '../questions/question.service.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('questions')
@ApiBearerAuth()
@Controller('question-files')
export class QuestionFileController {
  constructor(private readonly questions: QuestionService) {}

  @Get(':fileId')
  @Roles(...BANK_READERS)
  @ApiProduces('image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/octet-stream')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async getQuestionFile(
    @CurrentUser() principal: Principal,
    @Param('fileId', uuid) fileId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.questions.file(principal, fileId);
    // An uploaded file must never run as a page of the app (an SVG or HTML with script): sandboxed, not sniffed.
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Cache-Control', 'private, max-age=86400');
    return new StreamableFile(asBytes(file.data), {
      type: file.mimeType,
      disposition: file.inline ? 'inline' : 'attachment',
      length: file.data.length,
    });
  }
}
