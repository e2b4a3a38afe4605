import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, DATABASE_URL, RedisConnection } from '#core';
import { IdentityModule } from '#identity';
import { QuestionBankModule } from '#question-bank';
import { JoinRateLimiter, MemoryJoinRateLimiter, RedisJoinRateLimiter } from './join-rate-limiter.js';
import { LiveBroadcaster } from './live.broadcaster.js';
import { LiveGameController } from './live-game.controller.js';
import { LiveGameEngine } from './live-game.engine.js';
import { LiveGameRecipients } from './live-game-recipients.port.js';
import { LIVE_ENGINE_PARTS } from './engine/engine-parts.js';
import { LiveGameRepository } from './live-game.repository.js';
import { LiveGameService } from './live-game.service.js';
import { LiveSettings } from './live-settings.js';
import { LiveHostGuard } from './socket/live-host.guard.js';
import { LiveGateway } from './socket/live.gateway.js';
import { LiveStateStore } from './state/live-state.store.js';
import { MemoryLiveStateStore } from './state/memory-live-state.store.js';
import { deploymentKey } from './live-socket.adapter.js';
import { RedisLiveStateStore } from './state/redis-live-state.store.js';

@Module({
  imports: [IdentityModule, QuestionBankModule],
  controllers: [LiveGameController],
  providers: [
    {
      // One machine: state in the process. Several (REDIS_URL): shared in Redis.
      provide: LiveStateStore,
      inject: [APP_CONFIG, RedisConnection, DATABASE_URL],
      useFactory: (config: AppConfig, redis: RedisConnection, databaseUrl: string) =>
        config.redisUrl && redis.client
          ? new RedisLiveStateStore(redis.client, `live:${deploymentKey(databaseUrl)}`)
          : new MemoryLiveStateStore(),
    },
    {
      // Joins per address counted where the game state is: a flood spread over instances is limited as one.
      provide: JoinRateLimiter,
      inject: [APP_CONFIG, RedisConnection, DATABASE_URL, LiveSettings],
      useFactory: (config: AppConfig, redis: RedisConnection, databaseUrl: string, settings: LiveSettings) => {
        const limits = () => ({ burst: settings.joinBurst, perSecond: settings.joinPerSecond });
        return config.redisUrl && redis.client
          ? new RedisJoinRateLimiter(redis.client, `live:${deploymentKey(databaseUrl)}`, limits)
          : new MemoryJoinRateLimiter(limits);
      },
    },
    LiveBroadcaster,
    LiveGameEngine,
    LiveGameRecipients,
    ...LIVE_ENGINE_PARTS,
    LiveGameRepository,
    LiveGameService,
    LiveGateway,
    LiveHostGuard,
    LiveSettings,
  ],
  exports: [LiveGameService, LiveGameEngine, LiveBroadcaster, LiveSettings, LiveStateStore],
})
export class LiveContestModule {}
