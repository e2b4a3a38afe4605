import { Module } from '@nestjs/common';
import { AccessScopeService } from './access-scope.service.js';
import { AuthController } from './auth/auth.controller.js';
import { AuthService } from './auth/auth.service.js';
import { DisabledAccounts } from './auth/disabled-accounts.js';
import { IdentityDirectory } from './identity-directory.js';
import { LoginThrottleRepository } from './auth/login-throttle.repository.js';
import { PasswordHasher } from './auth/password-hasher.js';
import { UnitImportController } from './units/unit-import.controller.js';
import { UnitImportService } from './units/unit-import.service.js';
import { UnitTreeWriter } from './units/unit-tree.writer.js';
import { UnitController } from './units/unit.controller.js';
import { UnitRepository } from './units/unit.repository.js';
import { UnitService } from './units/unit.service.js';
import { DemoAccountsSeeder } from './users/demo-accounts.js';
import { MemberImportController } from './users/member-import.controller.js';
import { MemberImportService } from './users/member-import.service.js';
import { UserAdminService } from './users/user-admin.service.js';
import { UserController } from './users/user.controller.js';
import { UserRepository } from './users/user.repository.js';

@Module({
  controllers: [AuthController, UnitImportController, MemberImportController, UnitController, UserController],
  providers: [
    AccessScopeService,
    AuthService,
    DisabledAccounts,
    IdentityDirectory,
    LoginThrottleRepository,
    PasswordHasher,
    UnitRepository,
    UnitImportService,
    UnitService,
    UnitTreeWriter,
    DemoAccountsSeeder,
    MemberImportService,
    UserAdminService,
    UserRepository,
  ],
  exports: [
    AccessScopeService,
    AuthService,
    DisabledAccounts,
    DemoAccountsSeeder,
    IdentityDirectory,
    PasswordHasher,
    UnitTreeWriter,
  ],
})
export class IdentityModule {}
