import { type DynamicModule, Module } from '@nestjs/common';
import { CoreModule, type CoreModuleOptions } from '#core';
import { IdentityModule } from '#identity';

@Module({})
export class AppModule {
  static forRoot(core: CoreModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(core), IdentityModule],
    };
  }
}
