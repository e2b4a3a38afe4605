import { Module } from '@nestjs/common';
import { IdentityModule } from '#identity';
import { CertificateAccess } from './certificate-access.js';
import { CertificateBatches } from './certificate-batches.js';
import { CertificateController } from './certificate.controller.js';
import { CertificateIssuer } from './certificate-issuer.js';
import { CertificateIssuers } from './certificate-issuers.js';
import { CertificatePdfs } from './certificate-pdfs.js';
import { CertificatePublicController } from './certificate-public.controller.js';
import { CertificateRepository } from './certificate.repository.js';
import { CertificateTemplateController } from './certificate-template.controller.js';
import { CertificateTemplates } from './certificate-templates.js';
import { Certificates } from './certificates.js';
import { CertificateWorkers } from './certificate-workers.js';
import { CourseCompletionListener } from './course-completion.listener.js';
import { KeyEncryption } from './credentials/key-encryption.js';
import { SigningKeys } from './credentials/signing-keys.js';
import { StatusLists } from './credentials/status-lists.js';
import { DemoCertificates } from './demo-certificates.js';
import { JwksController } from './jwks.controller.js';
import { SigningKeyController } from './signing-key.controller.js';
import { VerifyRateLimiter } from './verify-rate-limiter.js';

@Module({
  imports: [IdentityModule],
  controllers: [
    CertificateTemplateController,
    CertificateController,
    CertificatePublicController,
    JwksController,
    SigningKeyController,
  ],
  providers: [
    CertificateAccess,
    CertificateBatches,
    CertificateIssuer,
    CertificateIssuers,
    CertificatePdfs,
    CertificateRepository,
    CertificateTemplates,
    Certificates,
    CertificateWorkers,
    CourseCompletionListener,
    DemoCertificates,
    KeyEncryption,
    SigningKeys,
    StatusLists,
    VerifyRateLimiter,
  ],
  exports: [CertificateBatches, CertificateIssuer, DemoCertificates, SigningKeys],
})
export class CertificateModule {}
