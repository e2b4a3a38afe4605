import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Public, type Principal } from '#core';
import { CourseFiles } from './authoring/course-files.js';
import { DocumentLinkDto } from './dto/learner.dto.js';

const uuid = new ParseUUIDPipe({ version: undefined });

/**
 * A document lesson's PDF shown in the portal's page: the learner asks for a link (bearer), and the page's frame
 * loads it by itself, the browser's viewer asking for ranges as it pages (a frame cannot send a bearer token, so the
 * path carries a signed, short-lived token for that learner, lesson and document).
 */
@ApiTags('learning')
@ApiBearerAuth()
@Controller()
export class LessonDocumentController {
  constructor(private readonly files: CourseFiles) {}

  @Post('lessons/:lessonId/document-link')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Địa chỉ tệp PDF của bài học để xem ngay trong trang (khung cùng nguồn, hỗ trợ Range; mã ký ngắn hạn trong đường dẫn)',
  })
  @ApiOkResponse({ type: DocumentLinkDto })
  documentLink(@CurrentUser() p: Principal, @Param('lessonId', uuid) lessonId: string): Promise<DocumentLinkDto> {
    return this.files.documentLink(p, lessonId);
  }

  @Get('lesson-documents/:documentId/:token/*')
  @Public()
  @ApiExcludeEndpoint()
  async getLinkedDocument(
    @Param('documentId', uuid) documentId: string,
    @Param('token') token: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.files.streamLinkedDocument(documentId, token, req, reply);
  }
}
