export * from './certificate.module.js';
export { CertificateBatches } from './certificate-batches.js';
export { CertificateIssuer } from './certificate-issuer.js';
export { DemoCertificates } from './demo-certificates.js';
export { SigningKeys } from './credentials/signing-keys.js';
export { KeyEncryption, SigningKeySecretError } from './credentials/key-encryption.js';
export * from './verification-code.js';
export * from './template-fields.js';

// Registered with TypeORM by the app (apps/api/src/entities.ts); the classes themselves stay inside the library.
import { CertificateBatch } from './entities/certificate-batch.entity.js';
import { CertificateImage } from './entities/certificate-image.entity.js';
import { CertificateTemplate } from './entities/certificate-template.entity.js';
import { Certificate } from './entities/certificate.entity.js';
import { SigningKey } from './entities/signing-key.entity.js';
import { StatusList } from './entities/status-list.entity.js';
export const CERTIFICATE_ENTITIES: (new () => object)[] = [
  CertificateTemplate,
  CertificateImage,
  Certificate,
  CertificateBatch,
  SigningKey,
  StatusList,
];
