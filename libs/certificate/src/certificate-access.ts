import { Injectable } from '@nestjs/common';
import { AppError, type Principal } from '#core';
import { AccessScopeService, pathInScope, type Scope } from '#identity';
import { CertificateRepository } from './certificate.repository.js';

/** Organizers act on what belongs to units of their subtree; what belongs to no unit (the city) is the admins'. */
@Injectable()
export class CertificateAccess {
  constructor(
    private readonly scopes: AccessScopeService,
    private readonly repo: CertificateRepository,
  ) {}

  scopeOf(principal: Principal): Promise<Scope> {
    return this.scopes.scopeOf(principal);
  }

  /** The path prefix of the caller's subtree, or null for the whole city. */
  async prefix(principal: Principal): Promise<string | null> {
    const scope = await this.scopes.scopeOf(principal);
    return scope.kind === 'all' ? null : scope.pathPrefix;
  }

  async manages(principal: Principal, unitId: string | null): Promise<boolean> {
    const scope = await this.scopes.scopeOf(principal);
    if (scope.kind === 'all') return true;
    if (!unitId) return false;
    const path = await this.repo.unitPath(unitId);
    return path !== null && pathInScope(scope, path);
  }

  async assertManages(principal: Principal, unitId: string | null): Promise<void> {
    if (!(await this.manages(principal, unitId))) throw new AppError('OUT_OF_SCOPE');
  }
}
