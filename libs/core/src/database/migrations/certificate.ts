import { EncryptSigningKeys1796416019350 } from './1796416019350-EncryptSigningKeys.js';
import { CertificateTables1796404816184 } from './1796404816184-CertificateTables.js';
/** Migrations of certificate, oldest first (appended by `npm run db:generate -- Name --lib certificate`). */
export const CERTIFICATE_MIGRATIONS = [CertificateTables1796404816184, EncryptSigningKeys1796416019350];
