import { Controller, Get, Param, ParseUUIDPipe, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '#core';
import { ScormContent } from './scorm/scorm-content.js';

const uuid = new ParseUUIDPipe({ version: undefined });

/**
 * A SCORM package's files, for the portal's sandboxed frame (libs/course/SCORM.md). No bearer token can ride on an
 * iframe's requests, so the path carries a launch token (signed, short-lived, one learner and lesson); the headers
 * make every page an opaque origin with scripts but no access to the portal's storage, cookies or other frames.
 */
@ApiExcludeController()
@Controller('scorm')
export class ScormContentController {
  constructor(private readonly content: ScormContent) {}

  @Get(':packageId/:token/*')
  @Public()
  async getScormFile(
    @Param('packageId', uuid) packageId: string,
    @Param('token') token: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.content.serve(packageId, token, req, reply);
  }
}
