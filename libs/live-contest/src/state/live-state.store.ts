import type { LiveGameStatus, LiveScoring } from '#contracts';
import type { QuestionSnapshot } from '#contracts';

/** What never changes once a game is created; every instance reads it to score answers. */
export interface LiveGameConfig {
  gameId: string;
  pin: string;
  title: string;
  hostUserId: string | null;
  scoring: LiveScoring;
  streaks: boolean;
  questionTimeMs: number;
  maxPlayers: number;
  questions: QuestionSnapshot[];
}

/** The moving part of a game. `version` increases on every transition (compare-and-set). */
export interface LiveGameRuntime {
  version: number;
  status: LiveGameStatus;
  questionIndex: number;
  /** Epoch ms the current question was shown, and its common deadline. */
  shownAt: number;
  deadline: number;
  /** When answers stop being taken: the deadline plus the largest extra time plus the grace. */
  closesAt: number;
  maxExtraMs: number;
  /** The host's last heartbeat (epoch ms); a game whose host is gone too long is paused. */
  hostSeenAt: number;
  paused: boolean;
  /** Epoch ms the host paused the game (host:pause); 0 or absent when not paused by the host. */
  pausedAt?: number;
  /** Epoch ms the game ended (0 before). */
  endedAt: number;
}

export interface LivePlayerRecord {
  id: string;
  seq: number;
  nickname: string;
  /** sha256 of the secret half of the resume token. */
  tokenHash: string;
  /**
   * The account of a player who joined signed in (the socket's verified access token); absent or null for a guest.
   * One account holds at most one player of a game.
   */
  userId?: string | null;
  score: number;
  streak: number;
  correctCount: number;
  correctTimeMs: number;
  extraMs: number;
  kicked: boolean;
  /** The player's last closed question: its index, outcome and rank (sent again on resume). */
  last: { index: number; answered: boolean; correct: boolean; points: number; rank: number } | null;
}

/** An answer as the close applies it. */
export type ScoredAnswer = Omit<LiveAnswerRecord, 'clientAnswerId'>;

export interface LiveAnswerRecord {
  clientAnswerId: string;
  correct: boolean;
  points: number;
  elapsedMs: number;
  /** The options chosen, as indexes into the question's options joined by '.' ("2", "0.3"); absent for a number. */
  choice?: string;
}

export interface Roster {
  version: number;
  players: LivePlayerRecord[] | null;
}

export type AddPlayerOutcome =
  | { ok: true; playerCount: number }
  /** The account already holds a player of this game: that player, whose resume token hash is now the new one. */
  | { ok: 'rejoined'; playerId: string }
  | { ok: false; code: 'GAME_FULL' | 'NICKNAME_TAKEN' | 'PLAYER_KICKED' };

export interface AnswerContext {
  runtime: LiveGameRuntime | null;
  player: Pick<LivePlayerRecord, 'kicked' | 'extraMs'> | null;
}

/** The fields of a player that change with scoring. */
export type PlayerScores = Pick<LivePlayerRecord, 'score' | 'streak' | 'correctCount' | 'correctTimeMs' | 'last'>;

export type RecordAnswerOutcome =
  { outcome: 'accepted' } | { outcome: 'duplicate' } | { outcome: 'already_answered' } | { outcome: 'closed' };

/**
 * The port every piece of live game state goes through, so one code path runs on one machine (in-process adapter)
 * and on several (Redis adapter). Every method that decides something (a nickname, an answer, a transition, the
 * lease) is atomic in both adapters. One contract test suite runs against both.
 */
export abstract class LiveStateStore {
  /** Whether running games outlive this process (shared in Redis) or die with it (held in the process). */
  abstract readonly outlivesProcess: boolean;

  /** Creates the game unless it exists; false when it already did (another instance loaded it first). */
  abstract createGame(config: LiveGameConfig, runtime: LiveGameRuntime): Promise<boolean>;
  abstract getConfig(gameId: string): Promise<LiveGameConfig | null>;
  abstract getRuntime(gameId: string): Promise<LiveGameRuntime | null>;
  abstract gameIdByPin(pin: string): Promise<string | null>;
  /** Compare-and-set on `version`; the new runtime gets version + 1. Returns it, or null when someone moved first. */
  abstract transition(
    gameId: string,
    expectedVersion: number,
    next: Omit<LiveGameRuntime, 'version'>,
  ): Promise<LiveGameRuntime | null>;
  /** Updates the heartbeat without a version change (it decides nothing by itself). */
  abstract touchHost(gameId: string, at: number): Promise<void>;

  /**
   * Adds the player, atomically: capacity and look-alike nicknames checked. A player with a `userId` whose account
   * already holds a player of the game is not added: that player's resume token hash becomes `player.tokenHash` and
   * its id is returned (`rejoined`; PLAYER_KICKED when it was removed), whatever the nickname and capacity.
   */
  abstract addPlayer(gameId: string, player: LivePlayerRecord, maxPlayers: number): Promise<AddPlayerOutcome>;
  abstract getPlayer(gameId: string, playerId: string): Promise<LivePlayerRecord | null>;
  /**
   * What every answer needs, in one command where the store is remote: the runtime, and of the player only whether
   * they are in the game, kicked, and their extra time (null when not in the game).
   */
  abstract answerContext(gameId: string, playerId: string): Promise<AnswerContext>;
  abstract listPlayers(gameId: string): Promise<LivePlayerRecord[]>;
  /**
   * The roster version and every player; the players are left out (null) when the version is still `knownRoster`,
   * the version of a list the caller already holds. The version moves with every join, kick and extra time: all that
   * changes a player besides the scores, which only the one close of each question writes (saveScores).
   */
  abstract rosterSince(gameId: string, knownRoster: number | null): Promise<Roster>;
  /**
   * The score fields of some players (an instance's own players, to send them their results), without the rest of
   * the game's players; null for one not in the game.
   */
  abstract scoresOf(gameId: string, playerIds: string[]): Promise<(PlayerScores | null)[]>;
  abstract playerCount(gameId: string): Promise<number>;
  /**
   * Writes every player's score fields after question `index`, once: atomic, and refused (false) when the scores of
   * that question were written already, so two closers racing (or a new driver redoing a dead one's work) can never
   * count a question twice.
   */
  abstract saveScores(gameId: string, index: number, players: LivePlayerRecord[]): Promise<boolean>;
  /** Kick and extra time are written on their own so a concurrent score write never undoes them. */
  abstract setKicked(gameId: string, playerId: string): Promise<void>;
  abstract setExtraTime(gameId: string, playerId: string, extraMs: number): Promise<void>;

  /** Opens question `index` for answers (closed again by closeAnswers). */
  abstract openAnswers(gameId: string, index: number): Promise<void>;
  /**
   * Records one answer atomically: refused when question `index` is not open; a retry with the same clientAnswerId
   * is a duplicate; a different answer from the same player is already_answered.
   */
  abstract recordAnswer(
    gameId: string,
    index: number,
    playerId: string,
    answer: LiveAnswerRecord,
  ): Promise<RecordAnswerOutcome>;
  /**
   * Stops taking answers for `index`; true for the one caller that closed it (every instance's timer fires).
   */
  abstract closeAnswers(gameId: string, index: number): Promise<boolean>;
  /**
   * Every answer recorded to `index`, as scored (also after it closed: a new driver redoing a close its predecessor
   * died in). Without the clients' answer ids: a close does not need them, and 10,000 of them are half the read.
   */
  abstract answersTo(gameId: string, index: number): Promise<Map<string, ScoredAnswer>>;
  /** The clientAnswerId of the player's recorded answer to `index`, or null. */
  abstract answerIdOf(gameId: string, index: number, playerId: string): Promise<string | null>;
  abstract answerCount(gameId: string, index: number): Promise<number>;

  /** Take or renew the lease that makes one instance drive the game's clock. */
  abstract acquireLease(gameId: string, owner: string, ttlMs: number): Promise<boolean>;
  abstract releaseLease(gameId: string, owner: string): Promise<void>;
  /** Games that are not over, for instances to look for a game whose driver died. */
  abstract activeGameIds(): Promise<string[]>;
  /** Drops an ended game's state (after it is persisted); the PIN becomes free. */
  abstract removeGame(gameId: string): Promise<void>;
}
