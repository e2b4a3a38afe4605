export * from './live-contest.module.js';
export * from './live-game.service.js';
export * from './live-game.engine.js';
export * from './live.broadcaster.js';
export * from './live-socket.adapter.js';
export * from './live-settings.js';
export { JoinRateLimiter, MemoryJoinRateLimiter, RedisJoinRateLimiter, type JoinLimits } from './join-rate-limiter.js';
export * from './state/live-state.store.js';
export * from './state/memory-live-state.store.js';
export * from './state/redis-live-state.store.js';

import { LiveGame } from './entities/live-game.entity.js';
import { LivePlayer } from './entities/live-player.entity.js';
export const LIVE_CONTEST_ENTITIES: (new () => object)[] = [LiveGame, LivePlayer];
