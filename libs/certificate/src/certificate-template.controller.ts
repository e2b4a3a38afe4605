import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  StreamableFile,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import {
  asBytes,
  CurrentUser,
  FileUploadInterceptor,
  ReceivedFile,
  Roles,
  type Principal,
  type UploadedFileData,
} from '#core';
import { CertificateTemplates } from './certificate-templates.js';
import {
  CertificateTemplateDto,
  CertificateTemplateInputDto,
  CreateCertificateTemplateDto,
  IdResponseDto,
  ImageUploadDto,
  TemplateFieldDto,
} from './dto/certificate.dto.js';

const uuid = new ParseUUIDPipe({ version: undefined });
const pdf = (data: Buffer) =>
  new StreamableFile(asBytes(data), {
    type: 'application/pdf',
    disposition: 'inline; filename="xem-truoc.pdf"',
    length: data.length,
  });
const ImageUpload = FileUploadInterceptor({ maxBytes: 2 * 1024 * 1024 });

@ApiTags('certificates')
@ApiBearerAuth()
@Roles('organizer')
@Controller()
export class CertificateTemplateController {
  constructor(private readonly templates: CertificateTemplates) {}

  @Get('certificate-templates/fields')
  @ApiOperation({ summary: 'Các trường dùng được trong mẫu chứng nhận ({{fullName}}, …)' })
  @ApiOkResponse({ type: [TemplateFieldDto] })
  listCertificateTemplateFields(): TemplateFieldDto[] {
    return this.templates.fields();
  }

  @Post('certificate-templates')
  @ApiOperation({ summary: 'Tạo mẫu chứng nhận; trường lạ bị từ chối (CERTIFICATE_TEMPLATE_FIELD_UNKNOWN)' })
  @ApiCreatedResponse({ type: IdResponseDto })
  createCertificateTemplate(
    @CurrentUser() p: Principal,
    @Body() dto: CreateCertificateTemplateDto,
  ): Promise<IdResponseDto> {
    return this.templates.create(p, dto);
  }

  @Get('certificate-templates')
  @ApiOkResponse({ type: [CertificateTemplateDto] })
  listCertificateTemplates(@CurrentUser() p: Principal): Promise<CertificateTemplateDto[]> {
    return this.templates.list(p);
  }

  @Get('certificate-templates/:templateId')
  @ApiOkResponse({ type: CertificateTemplateDto })
  getCertificateTemplate(
    @CurrentUser() p: Principal,
    @Param('templateId', uuid) id: string,
  ): Promise<CertificateTemplateDto> {
    return this.templates.get(p, id);
  }

  @Put('certificate-templates/:templateId')
  @ApiOkResponse({ type: CertificateTemplateDto })
  updateCertificateTemplate(
    @CurrentUser() p: Principal,
    @Param('templateId', uuid) id: string,
    @Body() dto: CertificateTemplateInputDto,
  ): Promise<CertificateTemplateDto> {
    return this.templates.update(p, id, dto);
  }

  @Post('certificate-templates/preview')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Xem trước (PDF, dữ liệu mẫu) một mẫu chưa lưu' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async previewCertificateTemplate(@Body() dto: CertificateTemplateInputDto): Promise<StreamableFile> {
    return pdf(await this.templates.preview(dto));
  }

  @Get('certificate-templates/:templateId/preview')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Xem trước (PDF, dữ liệu mẫu) một mẫu đã lưu' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async previewSavedCertificateTemplate(
    @CurrentUser() p: Principal,
    @Param('templateId', uuid) id: string,
  ): Promise<StreamableFile> {
    return pdf(await this.templates.previewSaved(p, id));
  }

  @Post('certificate-images')
  @UseInterceptors(ImageUpload)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ImageUploadDto })
  @ApiOperation({ summary: 'Tải lên biểu trưng hoặc ảnh nền (PNG/JPEG, tối đa 2 MB)' })
  @ApiCreatedResponse({ type: IdResponseDto })
  uploadCertificateImage(
    @CurrentUser() p: Principal,
    @ReceivedFile() file: UploadedFileData | undefined,
  ): Promise<IdResponseDto> {
    return this.templates.uploadImage(p, file?.buffer);
  }

  @Get('certificate-images/:imageId')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Content-Security-Policy', "default-src 'none'; sandbox")
  @Header('Cache-Control', 'private, max-age=86400')
  @ApiProduces('image/png', 'image/jpeg')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async getCertificateImage(@Param('imageId', uuid) id: string): Promise<StreamableFile> {
    const image = await this.templates.image(id);
    return new StreamableFile(asBytes(image.data), {
      type: image.mimeType,
      disposition: 'inline',
      length: image.data.length,
    });
  }
}
