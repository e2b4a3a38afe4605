import { Controller, Get, Header, Param, ParseUUIDPipe, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { asBytes, CurrentUser, Roles, type Principal } from '#core';
import { BANK_READERS } from '../question-bank.roles.js';
import { QuestionService } from '../questions/question.service.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('questions')
@ApiBearerAuth()
@Controller('question-files')
export class QuestionFileController {
  constructor(private readonly questions: QuestionService) {}

  @Get(':fileId')
  @Roles(...BANK_READERS)
  // An uploaded file must never run as a page of the app (an SVG or HTML with script): sandboxed, not sniffed.
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Content-Security-Policy', "default-src 'none'; sandbox")
  @Header('Cache-Control', 'private, max-age=86400')
  @ApiProduces('image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/octet-stream')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async getQuestionFile(
    @CurrentUser() principal: Principal,
    @Param('fileId', uuid) fileId: string,
  ): Promise<StreamableFile> {
    const file = await this.questions.file(principal, fileId);
    return new StreamableFile(asBytes(file.data), {
      type: file.mimeType,
      disposition: file.inline ? 'inline' : 'attachment',
      length: file.data.length,
    });
  }
}
