import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppError, type AppConfig } from '#core';
import { CertificateRepository } from './certificate.repository.js';
import { issuerProfile } from './credentials/open-badge.js';
import type { IssuerProfileDto } from './dto/certificate.dto.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Issuers' public profiles: each unit that issues, and the city for what belongs to no unit. */
@Injectable()
export class CertificateIssuers {
  constructor(
    private readonly repo: CertificateRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async profile(issuerId: string): Promise<IssuerProfileDto> {
    const name =
      issuerId === 'city'
        ? await this.repo.rootUnitName()
        : UUID.test(issuerId)
          ? await this.repo.unitName(issuerId)
          : null;
    if (!name) throw new AppError('NOT_FOUND');
    const id = `${this.config.publicUrl}/api/v1/certificates/issuers/${issuerId}`;
    return issuerProfile(id, name, this.config.publicUrl) as unknown as IssuerProfileDto;
  }
}
