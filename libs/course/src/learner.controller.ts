import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Put, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, type Principal } from '#core';
import {
  CompleteLessonResponseDto,
  CourseOutlineDto,
  LessonContentDto,
  MyCourseDto,
  OpenCourseDto,
  QuizStartResponseDto,
  QuizSubmitResponseDto,
  ScormCmiDto,
  ScormLaunchResponseDto,
  ScormProgressResponseDto,
  SelfEnrolmentResponseDto,
} from './dto/learner.dto.js';
import { SCORM_CMI_BODY, type ScormCmi } from './dto/scorm-cmi-body.js';
import { CourseFiles } from './authoring/course-files.js';
import { Enrolments } from './learning/enrolments.js';
import { LearnerCourses } from './learning/learner-courses.js';
import { QuizLessons } from './learning/quiz-lessons.js';
import { ScormProgressWriter } from './scorm/scorm-progress.js';

const uuid = new ParseUUIDPipe({ version: undefined });

/** What a learner does in the portal: their courses, lessons, SCORM runs and quizzes. */
@ApiTags('learning')
@ApiBearerAuth()
@Controller()
export class LearnerController {
  constructor(
    private readonly learner: LearnerCourses,
    private readonly enrolments: Enrolments,
    private readonly quizzes: QuizLessons,
    private readonly scorm: ScormProgressWriter,
    private readonly files: CourseFiles,
  ) {}

  @Get('courses/mine')
  @ApiOperation({ summary: 'Khóa học của tôi, với tiến độ, hạn và bài học để tiếp tục' })
  @ApiOkResponse({ type: [MyCourseDto] })
  listMyCourses(@CurrentUser() p: Principal): Promise<MyCourseDto[]> {
    return this.learner.myCourses(p);
  }

  @Get('courses/open')
  @ApiOperation({ summary: 'Khóa học mở cho mọi người tự đăng ký' })
  @ApiOkResponse({ type: [OpenCourseDto] })
  listOpenCourses(@CurrentUser() p: Principal): Promise<OpenCourseDto[]> {
    return this.learner.openCourses(p);
  }

  @Post('courses/:courseId/self-enrolment')
  @HttpCode(200)
  @ApiOperation({ summary: 'Tự đăng ký khóa học mở (một lần; gọi lại không đổi gì)' })
  @ApiOkResponse({ type: SelfEnrolmentResponseDto })
  enrolSelf(@CurrentUser() p: Principal, @Param('courseId', uuid) courseId: string): Promise<SelfEnrolmentResponseDto> {
    return this.enrolments.enrolSelf(p, courseId);
  }

  @Get('courses/:courseId/outline')
  @ApiOperation({ summary: 'Nội dung khóa học với trạng thái của tôi (403 NOT_ENROLLED nếu chưa ghi danh)' })
  @ApiOkResponse({ type: CourseOutlineDto })
  getCourseOutline(@CurrentUser() p: Principal, @Param('courseId', uuid) courseId: string): Promise<CourseOutlineDto> {
    return this.learner.outline(p, courseId);
  }

  @Get('lessons/:lessonId')
  @ApiOperation({ summary: 'Mở một bài học (ghi nhận làm điểm tiếp tục)' })
  @ApiOkResponse({ type: LessonContentDto })
  getLesson(@CurrentUser() p: Principal, @Param('lessonId', uuid) lessonId: string): Promise<LessonContentDto> {
    return this.learner.lesson(p, lessonId);
  }

  @Post('lessons/:lessonId/complete')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Hoàn thành bài học văn bản, video hoặc tài liệu (một lần; gửi lại hay gửi cùng lúc không đếm hai lần)',
  })
  @ApiOkResponse({ type: CompleteLessonResponseDto })
  completeLesson(
    @CurrentUser() p: Principal,
    @Param('lessonId', uuid) lessonId: string,
  ): Promise<CompleteLessonResponseDto> {
    return this.learner.completeLesson(p, lessonId);
  }

  @Get('lessons/:lessonId/document')
  @ApiOperation({ summary: 'Tệp PDF của bài học tài liệu; hỗ trợ Range (206)' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async getLessonDocument(
    @CurrentUser() p: Principal,
    @Param('lessonId', uuid) lessonId: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.files.streamLessonDocument(p, lessonId, req, reply);
  }

  @Post('lessons/:lessonId/scorm-launch')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Mở bài giảng SCORM: địa chỉ trang khởi chạy (cùng nguồn, khung sandbox) và dữ liệu đã lưu để tiếp tục; xem libs/course/SCORM.md',
  })
  @ApiOkResponse({ type: ScormLaunchResponseDto })
  launchScorm(@CurrentUser() p: Principal, @Param('lessonId', uuid) lessonId: string): Promise<ScormLaunchResponseDto> {
    return this.learner.launchScorm(p, lessonId);
  }

  @Put('lessons/:lessonId/scorm-progress')
  @ApiOperation({
    summary: 'Lưu dữ liệu cmi.core của SCORM 1.2 (LMSCommit/LMSFinish); passed/completed hoàn thành bài',
  })
  @ApiBody({ type: ScormCmiDto })
  @ApiOkResponse({ type: ScormProgressResponseDto })
  saveScormProgress(
    @CurrentUser() p: Principal,
    @Param('lessonId', uuid) lessonId: string,
    @Body(SCORM_CMI_BODY) cmi: ScormCmi,
  ): Promise<ScormProgressResponseDto> {
    return this.scorm.save(p, lessonId, cmi);
  }

  @Post('lessons/:lessonId/quiz-attempts')
  @ApiOperation({
    summary:
      'Bắt đầu hoặc tiếp tục bài kiểm tra của bài học; lưu câu trả lời bằng PUT /attempts/{attemptId}/answers/{questionId}',
  })
  @ApiCreatedResponse({ type: QuizStartResponseDto })
  @Header('Content-Type', 'application/json; charset=utf-8')
  startLessonQuiz(
    @CurrentUser() p: Principal,
    @Param('lessonId', uuid) lessonId: string,
    @Req() req: FastifyRequest,
  ): Promise<Buffer> {
    return this.quizzes.start(p, lessonId, req.ip || null);
  }

  @Post('lessons/:lessonId/quiz-attempts/:attemptId/submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Nộp bài kiểm tra: đạt khi điểm ≥ ngưỡng; nộp lại trả cùng kết quả' })
  @ApiOkResponse({ type: QuizSubmitResponseDto })
  submitLessonQuiz(
    @CurrentUser() p: Principal,
    @Param('lessonId', uuid) lessonId: string,
    @Param('attemptId', uuid) attemptId: string,
  ): Promise<QuizSubmitResponseDto> {
    return this.quizzes.submit(p, lessonId, attemptId);
  }
}
