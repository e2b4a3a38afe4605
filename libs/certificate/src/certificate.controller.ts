import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { asBytes, attachment, CurrentUser, Roles, type Principal } from '#core';
import { CertificateBatches } from './certificate-batches.js';
import { Certificates } from './certificates.js';
import {
  BatchListQueryDto,
  CertificateBatchDto,
  CertificateListDto,
  CertificateListQueryDto,
  CertificateSummaryDto,
  CredentialDto,
  IssueFromGameDto,
  IssueFromRankingDto,
  RevokeCertificateDto,
} from './dto/certificate.dto.js';
import { RecipientsPreviewDto, RecipientsPreviewQueryDto } from './dto/recipients-preview.dto.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('certificates')
@ApiBearerAuth()
@Controller()
export class CertificateController {
  constructor(
    private readonly certificates: Certificates,
    private readonly batches: CertificateBatches,
  ) {}

  @Get('certificates/mine')
  @ApiOperation({ summary: 'Chứng nhận của tôi' })
  @ApiOkResponse({ type: [CertificateSummaryDto] })
  listMyCertificates(@CurrentUser() p: Principal): Promise<CertificateSummaryDto[]> {
    return this.certificates.mine(p);
  }

  @Get('certificates')
  @Roles('organizer')
  @ApiOperation({ summary: 'Chứng nhận do các đơn vị trong phạm vi quản lý cấp' })
  @ApiOkResponse({ type: CertificateListDto })
  listCertificates(@CurrentUser() p: Principal, @Query() query: CertificateListQueryDto): Promise<CertificateListDto> {
    return this.certificates.list(p, query, query.page ?? 1);
  }

  @Get('certificates/:certificateId/pdf')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({ summary: 'Tải bản PDF (người được cấp, hoặc người tổ chức của đơn vị cấp)' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async getCertificatePdf(
    @CurrentUser() p: Principal,
    @Param('certificateId', uuid) id: string,
  ): Promise<StreamableFile> {
    const { pdf, filename } = await this.certificates.pdf(p, id);
    return new StreamableFile(asBytes(pdf), {
      type: 'application/pdf',
      disposition: attachment(filename),
      length: pdf.length,
    });
  }

  @Get('certificates/:certificateId/credential')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({ summary: 'Chứng chỉ số Open Badges 3.0 (VC-JWT ký Ed25519) và nội dung của nó' })
  @ApiOkResponse({ type: CredentialDto })
  getCertificateCredential(
    @CurrentUser() p: Principal,
    @Param('certificateId', uuid) id: string,
  ): Promise<CredentialDto> {
    return this.certificates.credential(p, id);
  }

  @Post('certificates/:certificateId/revoke')
  @Roles('organizer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Thu hồi chứng nhận (ghi nhật ký); trang xác minh và danh sách trạng thái đổi ngay' })
  @ApiOkResponse({ type: CertificateSummaryDto })
  revokeCertificate(
    @CurrentUser() p: Principal,
    @Param('certificateId', uuid) id: string,
    @Body() dto: RevokeCertificateDto,
  ): Promise<CertificateSummaryDto> {
    return this.certificates.revoke(p, id, dto.reason);
  }

  @Post('rounds/:roundId/certificates')
  @Roles('organizer')
  @HttpCode(202)
  @ApiOperation({ summary: 'Cấp chứng nhận hàng loạt từ bảng xếp hạng đã chốt (danh sách đạt giải hoặc N hạng đầu)' })
  @ApiAcceptedResponse({ type: CertificateBatchDto })
  issueRoundCertificates(
    @CurrentUser() p: Principal,
    @Param('roundId', uuid) roundId: string,
    @Body() dto: IssueFromRankingDto,
  ): Promise<CertificateBatchDto> {
    return this.batches.start(p, 'round', roundId, dto.templateId, dto.topN ?? null);
  }

  @Post('live-games/:gameId/certificates')
  @Roles('organizer')
  @HttpCode(202)
  @ApiOperation({ summary: 'Cấp chứng nhận cho N người chơi đầu (đã đăng nhập) của trò chơi đã kết thúc' })
  @ApiAcceptedResponse({ type: CertificateBatchDto })
  issueLiveGameCertificates(
    @CurrentUser() p: Principal,
    @Param('gameId', uuid) gameId: string,
    @Body() dto: IssueFromGameDto,
  ): Promise<CertificateBatchDto> {
    return this.batches.start(p, 'live-game', gameId, dto.templateId, dto.topN);
  }

  @Get('live-games/:gameId/certificates/preview')
  @Roles('organizer')
  @ApiOperation({
    summary:
      'Trước khi cấp từ trò chơi: số người chơi đã đăng nhập trong N hạng đầu (được cấp) và số người chơi khách (bỏ qua)',
  })
  @ApiOkResponse({ type: RecipientsPreviewDto })
  previewLiveGameCertificates(
    @CurrentUser() p: Principal,
    @Param('gameId', uuid) gameId: string,
    @Query() query: RecipientsPreviewQueryDto,
  ): Promise<RecipientsPreviewDto> {
    return this.batches.preview(p, 'live-game', gameId, query.topN);
  }

  @Get('certificate-batches')
  @Roles('organizer')
  @ApiOkResponse({ type: [CertificateBatchDto] })
  listCertificateBatches(
    @CurrentUser() p: Principal,
    @Query() query: BatchListQueryDto,
  ): Promise<CertificateBatchDto[]> {
    return this.batches.list(p, query.sourceId ?? null);
  }

  @Get('certificate-batches/:batchId')
  @Roles('organizer')
  @ApiOperation({ summary: 'Tiến độ một đợt cấp (tổng, đã cấp, lỗi)' })
  @ApiOkResponse({ type: CertificateBatchDto })
  getCertificateBatch(@CurrentUser() p: Principal, @Param('batchId', uuid) id: string): Promise<CertificateBatchDto> {
    return this.batches.get(p, id);
  }

  @Get('certificate-batches/:batchId/zip')
  @Roles('organizer')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({ summary: 'Tải tệp zip các bản PDF của đợt cấp (truyền dần)' })
  @ApiProduces('application/zip')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async downloadCertificateBatchZip(
    @CurrentUser() p: Principal,
    @Param('batchId', uuid) id: string,
  ): Promise<StreamableFile> {
    const stream = await this.batches.zip(p, id);
    return new StreamableFile(stream, { type: 'application/zip', disposition: attachment(`chung-nhan-${id}.zip`) });
  }
}
