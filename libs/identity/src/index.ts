export * from './identity.module.js';

// Registered with TypeORM by the app (apps/api/src/entities.ts); the classes themselves stay inside the library.
import { LoginThrottle } from './entities/login-throttle.entity.js';
import { OrgUnit } from './entities/org-unit.entity.js';
import { UnitMerge } from './entities/unit-merge.entity.js';
import { User } from './entities/user.entity.js';
export const IDENTITY_ENTITIES = [OrgUnit, User, UnitMerge, LoginThrottle];
export * from './access-scope.service.js';
export * from './identity-sql.js';
export { foldedContains, foldSql, foldText } from './search-fold.js';
export * from './identity-directory.js';
export * from './auth/auth.service.js';
export * from './auth/disabled-accounts.js';
export * from './auth/password-hasher.js';
export * from './units/unit-tree-fixture.js';
export * from './units/unit-tree-2025.js';
export * from './units/unit-tree.writer.js';
export * from './units/unit.service.js';
export * from './users/person.js';
export * from './users/demo-accounts.js';
