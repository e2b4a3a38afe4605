import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
  StreamableFile,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import {
  CurrentUser,
  FileUploadInterceptor,
  ReceivedFile,
  Roles,
  type Principal,
  type UploadedFileData,
  XLSX_MIME,
} from '#core';
import { CourseAuthoring } from './authoring/course-authoring.js';
import { CourseFiles, MAX_DOCUMENT_BYTES } from './authoring/course-files.js';
import {
  CourseDetailDto,
  CourseFilesDto,
  CourseProgressDto,
  CourseProgressQueryDto,
  CourseSummaryDto,
  CreateCourseDto,
  CreateEnrolmentDto,
  CreateEnrolmentResponseDto,
  CreateLessonDto,
  CreateSectionDto,
  DeleteEnrolmentQueryDto,
  DeleteEnrolmentResponseDto,
  DocumentResponseDto,
  DocumentUploadDto,
  EnrolmentRuleDto,
  IdResponseDto,
  LearnerProgressPageDto,
  LearnerProgressQueryDto,
  LessonQuizDto,
  QuizCheckDto,
  ReorderOutlineDto,
  ScormPackageDto,
  ScormUploadDto,
  UpdateCourseDto,
  UpdateLessonDto,
  UpdateSectionDto,
} from './dto/course.dto.js';
import { Enrolments } from './learning/enrolments.js';
import { CourseProgress } from './progress/course-progress.js';
import { MAX_SCORM_ZIP_BYTES, ScormPackages } from './scorm/scorm-packages.js';

const uuid = new ParseUUIDPipe({ version: undefined });

const DocumentUpload = FileUploadInterceptor({ maxBytes: MAX_DOCUMENT_BYTES });
const ScormUpload = FileUploadInterceptor({ maxBytes: MAX_SCORM_ZIP_BYTES });

/** Organizers build courses of their subtree, enrol units and follow progress. */
@ApiTags('courses')
@ApiBearerAuth()
@Controller()
export class CourseController {
  constructor(
    private readonly authoring: CourseAuthoring,
    private readonly files: CourseFiles,
    private readonly scorm: ScormPackages,
    private readonly enrolments: Enrolments,
    private readonly progress: CourseProgress,
  ) {}

  @Post('courses')
  @Roles('organizer')
  @ApiCreatedResponse({ type: IdResponseDto })
  createCourse(@CurrentUser() p: Principal, @Body() dto: CreateCourseDto): Promise<IdResponseDto> {
    return this.authoring.createCourse(p, dto);
  }

  @Get('courses')
  @Roles('organizer')
  @ApiOperation({ summary: 'Khóa học của đơn vị mình và cấp dưới (quản trị: tất cả)' })
  @ApiOkResponse({ type: [CourseSummaryDto] })
  listCourses(@CurrentUser() p: Principal): Promise<CourseSummaryDto[]> {
    return this.authoring.listCourses(p);
  }

  @Get('courses/:courseId')
  @Roles('organizer')
  @ApiOkResponse({ type: CourseDetailDto })
  getCourse(@CurrentUser() p: Principal, @Param('courseId', uuid) courseId: string): Promise<CourseDetailDto> {
    return this.authoring.getCourse(p, courseId);
  }

  @Patch('courses/:courseId')
  @Roles('organizer')
  @ApiOkResponse({ type: CourseDetailDto })
  updateCourse(
    @CurrentUser() p: Principal,
    @Param('courseId', uuid) courseId: string,
    @Body() dto: UpdateCourseDto,
  ): Promise<CourseDetailDto> {
    return this.authoring.updateCourse(p, courseId, dto);
  }

  @Delete('courses/:courseId')
  @Roles('organizer')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Xóa khóa học chưa ai học: cả đề cương, tệp và ghi danh. Khóa đã có người hoàn thành giữ hồ sơ hoàn thành ' +
      '(409 COURSE_HAS_COMPLETIONS), khóa đã có học viên học giữ tiến độ (409 COURSE_HAS_PROGRESS): hãy lưu trữ',
  })
  @ApiNoContentResponse()
  async deleteCourse(@CurrentUser() p: Principal, @Param('courseId', uuid) courseId: string): Promise<void> {
    await this.authoring.deleteCourse(p, courseId);
  }

  @Post('courses/:courseId/quiz-check')
  @Roles('organizer')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Kiểm tra cấu trúc đề của bài kiểm tra với câu hỏi đã duyệt, từng dòng (như khi xuất bản); không lưu gì',
  })
  @ApiOkResponse({ type: QuizCheckDto })
  checkQuiz(
    @CurrentUser() p: Principal,
    @Param('courseId', uuid) courseId: string,
    @Body() dto: LessonQuizDto,
  ): Promise<QuizCheckDto> {
    return this.authoring.checkQuiz(p, courseId, dto);
  }

  @Post('courses/:courseId/publish')
  @Roles('organizer')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Xuất bản: cần ít nhất một bài học, mọi bài kiểm tra rút đủ câu hỏi đã duyệt (422 COURSE_EMPTY, BLUEPRINT_UNSATISFIABLE)',
  })
  @ApiOkResponse({ type: CourseDetailDto })
  publishCourse(@CurrentUser() p: Principal, @Param('courseId', uuid) courseId: string): Promise<CourseDetailDto> {
    return this.authoring.publishCourse(p, courseId);
  }

  @Post('courses/:courseId/archive')
  @Roles('organizer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lưu trữ: không nhận ghi danh mới; người đã học vẫn xem được tiến độ' })
  @ApiOkResponse({ type: CourseDetailDto })
  archiveCourse(@CurrentUser() p: Principal, @Param('courseId', uuid) courseId: string): Promise<CourseDetailDto> {
    return this.authoring.archiveCourse(p, courseId);
  }

  @Post('courses/:courseId/sections')
  @Roles('organizer')
  @ApiCreatedResponse({ type: IdResponseDto })
  createSection(
    @CurrentUser() p: Principal,
    @Param('courseId', uuid) courseId: string,
    @Body() dto: CreateSectionDto,
  ): Promise<IdResponseDto> {
    return this.authoring.createSection(p, courseId, dto);
  }

  @Patch('course-sections/:sectionId')
  @Roles('organizer')
  @HttpCode(204)
  @ApiNoContentResponse()
  async updateSection(
    @CurrentUser() p: Principal,
    @Param('sectionId', uuid) sectionId: string,
    @Body() dto: UpdateSectionDto,
  ): Promise<void> {
    await this.authoring.updateSection(p, sectionId, dto);
  }

  @Delete('course-sections/:sectionId')
  @Roles('organizer')
  @HttpCode(204)
  @ApiOperation({ summary: 'Xóa một phần và các bài học của nó' })
  @ApiNoContentResponse()
  async deleteSection(@CurrentUser() p: Principal, @Param('sectionId', uuid) sectionId: string): Promise<void> {
    await this.authoring.deleteSection(p, sectionId);
  }

  @Put('courses/:courseId/outline')
  @Roles('organizer')
  @ApiOperation({ summary: 'Sắp xếp lại các phần và bài học (mọi phần, mọi bài học của khóa)' })
  @ApiOkResponse({ type: CourseDetailDto })
  reorderCourseOutline(
    @CurrentUser() p: Principal,
    @Param('courseId', uuid) courseId: string,
    @Body() dto: ReorderOutlineDto,
  ): Promise<CourseDetailDto> {
    return this.authoring.reorderOutline(p, courseId, dto);
  }

  @Post('course-sections/:sectionId/lessons')
  @Roles('organizer')
  @ApiCreatedResponse({ type: IdResponseDto })
  createLesson(
    @CurrentUser() p: Principal,
    @Param('sectionId', uuid) sectionId: string,
    @Body() dto: CreateLessonDto,
  ): Promise<IdResponseDto> {
    return this.authoring.createLesson(p, sectionId, dto);
  }

  @Patch('course-lessons/:lessonId')
  @Roles('organizer')
  @HttpCode(204)
  @ApiNoContentResponse()
  async updateLesson(
    @CurrentUser() p: Principal,
    @Param('lessonId', uuid) lessonId: string,
    @Body() dto: UpdateLessonDto,
  ): Promise<void> {
    await this.authoring.updateLesson(p, lessonId, dto);
  }

  @Delete('course-lessons/:lessonId')
  @Roles('organizer')
  @HttpCode(204)
  @ApiNoContentResponse()
  async deleteLesson(@CurrentUser() p: Principal, @Param('lessonId', uuid) lessonId: string): Promise<void> {
    await this.authoring.deleteLesson(p, lessonId);
  }

  @Post('courses/:courseId/documents')
  @Roles('organizer')
  @UseInterceptors(DocumentUpload)
  @ApiOperation({ summary: 'Tải lên tài liệu PDF cho bài học loại tài liệu' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: DocumentUploadDto })
  @ApiCreatedResponse({ type: DocumentResponseDto })
  uploadCourseDocument(
    @CurrentUser() p: Principal,
    @Param('courseId', uuid) courseId: string,
    @ReceivedFile() file: UploadedFileData | undefined,
  ): Promise<DocumentResponseDto> {
    return this.files.uploadDocument(p, courseId, file);
  }

  @Get('courses/:courseId/files')
  @Roles('organizer')
  @ApiOperation({ summary: 'Tài liệu PDF và gói SCORM của khóa học, kèm các bài học đang dùng' })
  @ApiOkResponse({ type: CourseFilesDto })
  listCourseFiles(@CurrentUser() p: Principal, @Param('courseId', uuid) courseId: string): Promise<CourseFilesDto> {
    return this.authoring.listFiles(p, courseId);
  }

  @Delete('course-documents/:documentId')
  @Roles('organizer')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Xóa tài liệu PDF không bài học nào dùng (409 DOCUMENT_IN_USE, details.lessons: các bài đang dùng)',
  })
  @ApiNoContentResponse()
  async deleteCourseDocument(
    @CurrentUser() p: Principal,
    @Param('documentId', uuid) documentId: string,
  ): Promise<void> {
    await this.authoring.deleteFile(p, 'document', documentId);
  }

  @Delete('scorm-packages/:packageId')
  @Roles('organizer')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Xóa gói SCORM không bài học nào dùng (409 SCORM_PACKAGE_IN_USE, details.lessons: các bài đang dùng)',
  })
  @ApiNoContentResponse()
  async deleteScormPackage(@CurrentUser() p: Principal, @Param('packageId', uuid) packageId: string): Promise<void> {
    await this.authoring.deleteFile(p, 'package', packageId);
  }

  @Post('courses/:courseId/scorm-packages')
  @Roles('organizer')
  @UseInterceptors(ScormUpload)
  @ApiOperation({
    summary:
      'Tải lên gói SCORM 1.2 (zip): đọc imsmanifest.xml; từ chối gói thiếu manifest, đường dẫn ra ngoài gói, quá lớn khi giải nén (422 SCORM_PACKAGE_INVALID)',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ScormUploadDto })
  @ApiCreatedResponse({ type: ScormPackageDto })
  uploadScormPackage(
    @CurrentUser() p: Principal,
    @Param('courseId', uuid) courseId: string,
    @ReceivedFile() file: UploadedFileData | undefined,
  ): Promise<ScormPackageDto> {
    return this.scorm.upload(p, courseId, file);
  }

  @Post('courses/:courseId/enrolments')
  @Roles('organizer')
  @ApiOperation({
    summary:
      'Ghi danh cả cây đơn vị theo đối tượng, có hạn hoàn thành; người vào đơn vị sau cũng được ghi danh (403 OUT_OF_SCOPE ngoài phạm vi)',
  })
  @ApiCreatedResponse({ type: CreateEnrolmentResponseDto })
  enrolUnit(
    @CurrentUser() p: Principal,
    @Param('courseId', uuid) courseId: string,
    @Body() dto: CreateEnrolmentDto,
  ): Promise<CreateEnrolmentResponseDto> {
    return this.enrolments.enrolUnit(p, courseId, dto);
  }

  @Get('courses/:courseId/enrolments')
  @Roles('organizer')
  @ApiOkResponse({ type: [EnrolmentRuleDto] })
  listEnrolmentRules(
    @CurrentUser() p: Principal,
    @Param('courseId', uuid) courseId: string,
  ): Promise<EnrolmentRuleDto[]> {
    return this.enrolments.listRules(p, courseId);
  }

  @Delete('course-enrolments/:ruleId')
  @Roles('organizer')
  @ApiOperation({
    summary:
      'Bỏ ghi danh theo đơn vị: không ai được ghi danh thêm theo nó. Người đã ghi danh vẫn học tiếp (learners=keep) ' +
      'hoặc chỉ người chưa bắt đầu bị bỏ (learners=remove-not-started); tiến độ không bao giờ bị xóa',
  })
  @ApiOkResponse({ type: DeleteEnrolmentResponseDto })
  deleteEnrolmentRule(
    @CurrentUser() p: Principal,
    @Param('ruleId', uuid) ruleId: string,
    @Query() query: DeleteEnrolmentQueryDto,
  ): Promise<DeleteEnrolmentResponseDto> {
    return this.enrolments.deleteRule(p, ruleId, query.learners ?? 'keep');
  }

  @Get('courses/:courseId/progress')
  @Roles('organizer')
  @ApiOperation({ summary: 'Tiến độ theo đơn vị (các đơn vị con của đơn vị chọn) và theo đối tượng, trong phạm vi' })
  @ApiOkResponse({ type: CourseProgressDto })
  getCourseProgress(
    @CurrentUser() p: Principal,
    @Param('courseId', uuid) courseId: string,
    @Query() query: CourseProgressQueryDto,
  ): Promise<CourseProgressDto> {
    return this.progress.summary(p, courseId, query.unitId);
  }

  @Get('courses/:courseId/progress/learners')
  @Roles('organizer')
  @ApiOperation({ summary: 'Tiến độ từng học viên trong phạm vi (theo đơn vị nếu chọn)' })
  @ApiOkResponse({ type: LearnerProgressPageDto })
  listLearnerProgress(
    @CurrentUser() p: Principal,
    @Param('courseId', uuid) courseId: string,
    @Query() query: LearnerProgressQueryDto,
  ): Promise<LearnerProgressPageDto> {
    return this.progress.learners(p, courseId, query, false);
  }

  @Get('courses/:courseId/overdue')
  @Roles('organizer')
  @ApiOperation({ summary: 'Học viên quá hạn chưa hoàn thành, trong phạm vi' })
  @ApiOkResponse({ type: LearnerProgressPageDto })
  listOverdueLearners(
    @CurrentUser() p: Principal,
    @Param('courseId', uuid) courseId: string,
    @Query() query: LearnerProgressQueryDto,
  ): Promise<LearnerProgressPageDto> {
    return this.progress.learners(p, courseId, query, true);
  }

  @Get('courses/:courseId/overdue/export')
  @Roles('organizer')
  @ApiOperation({ summary: 'Xuất XLSX danh sách quá hạn (dữ liệu cá nhân: có ghi nhật ký)' })
  @ApiProduces(XLSX_MIME)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  exportOverdueLearners(
    @CurrentUser() p: Principal,
    @Param('courseId', uuid) courseId: string,
    @Query() query: CourseProgressQueryDto,
  ): Promise<StreamableFile> {
    return this.progress.exportOverdue(p, courseId, query.unitId);
  }
}
