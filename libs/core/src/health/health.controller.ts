import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import type { DataSource } from 'typeorm';
import { Public } from '../auth/decorators.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RedisConnection } from '../redis/redis.provider.js';
import { HealthResponseDto } from './health.dto.js';

async function probe(check: () => Promise<unknown>, timeoutMs = 2000): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  private shuttingDown = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redis: RedisConnection,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  @Public()
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ type: HealthResponseDto })
  getLiveness(): HealthResponseDto {
    return { status: 'ok', checks: {}, instance: this.config.instanceId };
  }

  @Public()
  @Get()
  @ApiOperation({ summary: 'Readiness: the database (and Redis when configured) answer' })
  @ApiOkResponse({ type: HealthResponseDto })
  async getReadiness(@Res({ passthrough: true }) res: FastifyReply): Promise<HealthResponseDto> {
    const checks: Record<string, 'up' | 'down'> = {
      database: await probe(() => this.dataSource.query('SELECT 1')),
    };
    const redis = this.redis.client;
    if (redis) checks.redis = await probe(() => redis.ping());
    const ok = !this.shuttingDown && Object.values(checks).every((c) => c === 'up');
    if (!ok) void res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'unavailable', checks, instance: this.config.instanceId };
  }
}
