import { Injectable } from '@nestjs/common';
import { AppError, Clock } from '#core';
import { QuestionBankReader } from '#question-bank';
import { LiveGameRepository } from '../live-game.repository.js';
import { LiveSettings } from '../live-settings.js';
import { type LiveGameConfig, type LiveGameRuntime, LiveStateStore } from '../state/live-state.store.js';

/** How long a PIN of an interrupted game answers GAME_INTERRUPTED rather than GAME_NOT_FOUND. */
const INTERRUPTED_PIN_MEMORY_MS = 6 * 3600_000;

/**
 * Finding a game and its state: its config (a game still in the lobby is loaded from PostgreSQL into the store; one
 * running in PostgreSQL but absent from the store is interrupted), the game a PIN opens, and its runtime, which
 * changes only by compare-and-set (`mutate`).
 */
@Injectable()
export class LiveGameCatalog {
  /** Game configs never change once created: cached here so an answer costs no read of the questions. */
  private readonly configs = new Map<string, LiveGameConfig>();
  /** PIN → game id of games joined through this instance (see `gameToJoin`). */
  private readonly pins = new Map<string, string>();

  constructor(
    private readonly store: LiveStateStore,
    private readonly repository: LiveGameRepository,
    private readonly reader: QuestionBankReader,
    private readonly settings: LiveSettings,
    private readonly clock: Clock,
  ) {}

  /** The game's config, loading a game that is still in the lobby from PostgreSQL into the store when needed. */
  async config(gameId: string): Promise<LiveGameConfig> {
    const cached = this.configs.get(gameId);
    if (cached) return cached;
    let config = await this.store.getConfig(gameId);
    if (!config) config = await this.hydrate(gameId);
    this.configs.set(gameId, config);
    return config;
  }

  private async hydrate(gameId: string): Promise<LiveGameConfig> {
    const row = await this.repository.findById(gameId);
    if (row?.interruptedAt) throw new AppError('GAME_INTERRUPTED');
    if (!row || row.status === 'ended') throw new AppError('GAME_NOT_FOUND');
    if (row.status === 'running') {
      // Running in PostgreSQL but not in the store: its state is lost (a restart, or Redis emptied). It cannot go on.
      await this.repository.markInterrupted(this.clock.now(), row.id);
      throw new AppError('GAME_INTERRUPTED');
    }
    const versions = await this.reader.getVersions(row.questionVersionIds);
    const questions = row.questionVersionIds.map((id) => versions.get(id)).filter((q) => q !== undefined);
    const config: LiveGameConfig = {
      gameId: row.id,
      pin: row.pin,
      title: row.title,
      hostUserId: row.hostUserId,
      scoring: row.settings.scoring,
      streaks: row.settings.streaks,
      questionTimeMs: row.settings.questionTimeSeconds * 1000,
      maxPlayers: this.settings.maxPlayers,
      questions,
    };
    await this.store.createGame(config, {
      version: 0,
      status: 'lobby',
      questionIndex: -1,
      shownAt: 0,
      deadline: 0,
      closesAt: 0,
      maxExtraMs: 0,
      hostSeenAt: this.clock.nowMs(),
      paused: false,
      endedAt: 0,
    });
    return (await this.store.getConfig(gameId)) ?? config;
  }

  private async gameIdForPin(pin: string): Promise<string> {
    const inStore = await this.store.gameIdByPin(pin);
    if (inStore) return inStore;
    const row = await this.repository.findOpenByPin(pin);
    if (row) return row.id;
    // Players coming back after a restart are told what happened, not that their PIN is wrong.
    const since = new Date(this.clock.nowMs() - INTERRUPTED_PIN_MEMORY_MS);
    if (await this.repository.interruptedWithPin(pin, since)) throw new AppError('GAME_INTERRUPTED');
    throw new AppError('GAME_NOT_FOUND');
  }

  /**
   * The game a PIN opens, with its runtime. The PIN's game is remembered here, so a join reads only the runtime from
   * the store (10,000 players join one game within seconds); a remembered game that is gone or over is looked up
   * again, since its PIN may have been given to a new game.
   */
  async gameToJoin(pin: string): Promise<{ config: LiveGameConfig; runtime: LiveGameRuntime }> {
    const remembered = this.pins.get(pin);
    const config = remembered ? this.configs.get(remembered) : undefined;
    if (remembered && config?.pin === pin) {
      const runtime = await this.store.getRuntime(remembered);
      if (runtime && runtime.status !== 'ended') return { config, runtime };
    }
    this.pins.delete(pin);
    const gameId = await this.gameIdForPin(pin);
    const found = await this.config(gameId);
    if (found.pin !== pin) throw new AppError('GAME_NOT_FOUND');
    const runtime = await this.runtime(gameId);
    this.pins.set(pin, gameId);
    return { config: found, runtime };
  }

  async runtime(gameId: string): Promise<LiveGameRuntime> {
    const runtime = await this.store.getRuntime(gameId);
    if (!runtime) throw new AppError('GAME_NOT_FOUND');
    return runtime;
  }

  /** Compare-and-set with a few retries: `change` sees the latest runtime and returns the next, or null to stop. */
  async mutate(
    gameId: string,
    change: (current: LiveGameRuntime) => Omit<LiveGameRuntime, 'version'> | null,
  ): Promise<{ before: LiveGameRuntime; after: LiveGameRuntime } | null> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const before = await this.runtime(gameId);
      const next = change(before);
      if (!next) return null;
      const after = await this.store.transition(gameId, before.version, next);
      if (after) return { before, after };
    }
    throw new AppError('SERVER_BUSY');
  }

  /** Drops this instance's cached config and PIN of a game. */
  forget(gameId: string): void {
    const pin = this.configs.get(gameId)?.pin;
    if (pin && this.pins.get(pin) === gameId) this.pins.delete(pin);
    this.configs.delete(gameId);
  }
}
