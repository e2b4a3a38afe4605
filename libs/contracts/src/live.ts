import type { ErrorCode } from './error-codes.js';
import type { QuestionType } from './question.js';

/**
 * Live games over socket.io (DESIGN.md §4): namespace `/live`, websocket transport only, events `domain:verb`.
 * Every client event is acknowledged with a LiveAck; the server decides time and score, the client only displays.
 */
export const LIVE_NAMESPACE = '/live';

export type LiveAck<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string } };

export type LiveScoring = 'speed' | 'accuracy';
export type LiveGameStatus = 'lobby' | 'question' | 'result' | 'ended';

/** A question as players see it: no keys, no fractions. `deadline` and `serverNow` are the server's epoch ms. */
export interface LiveQuestionShow {
  index: number;
  total: number;
  text: string;
  type: QuestionType;
  options: { id: string; text: string }[];
  /** The common deadline; a player with extra time adds `you.extraTimeMs` from their state. */
  deadline: number;
  serverNow: number;
  timeLimitMs: number;
}

export interface LivePlayerSelf {
  playerId: string;
  nickname: string;
  score: number;
  rank: number | null;
  extraTimeMs: number;
  /** Whether this player already answered the question on screen. */
  answeredCurrent: boolean;
}

/** A snapshot of the game, sent on join/resume and on every change of status. */
export interface LiveGameState {
  gameId: string;
  title: string;
  status: LiveGameStatus;
  /** The game waits: the host paused it, or has been away too long. */
  paused: boolean;
  /** The host paused it (host:pause); it goes on at host:resume. */
  pausedByHost: boolean;
  /** While a question is paused: the time left on its common deadline, frozen (ms); null otherwise. */
  remainingMs: number | null;
  questionIndex: number;
  total: number;
  playerCount: number;
  serverNow: number;
  question: LiveQuestionShow | null;
  you: LivePlayerSelf | null;
}

export interface LiveLeaderRow {
  rank: number;
  playerId: string;
  nickname: string;
  score: number;
}

/** Each player's own result, sent to that player only. */
export interface LiveQuestionResult {
  index: number;
  answered: boolean;
  correct: boolean;
  points: number;
  total: number;
  rank: number;
  streak: number;
}

/** The right answer of a closed question, broadcast once with the top 10. */
export interface LiveAnswerKey {
  optionIds?: string[];
  texts?: string[];
}

export interface LiveLeaderboard {
  index: number;
  top: LiveLeaderRow[];
  answer: LiveAnswerKey;
  answeredCount: number;
  playerCount: number;
  /** How many players chose each option, in the order of the question's options ([] for a number to type). */
  distribution: number[];
}

export interface LiveGameEnded {
  podium: LiveLeaderRow[];
  playerCount: number;
}

/** To the host room: players the portal keeps retrying after RATE_LIMITED (refused in the last seconds, not in yet). */
export interface LiveWaiting {
  waiting: number;
}

/** To the host room: how many players have an answer counted to the question on screen. */
export interface LiveAnswerCount {
  index: number;
  answered: number;
}

export interface LiveLobbyUpdate {
  playerCount: number;
  joined: { playerId: string; nickname: string }[];
  left: string[];
}

// client → server payloads
export interface PlayerJoinPayload {
  pin: string;
  nickname: string;
  resumeToken?: string;
}
export interface PlayerJoinResult {
  playerId: string;
  resumeToken: string;
  /** Whether the player is tied to the signed-in account (the socket's access token): only they get certificates. */
  signedIn: boolean;
  state: LiveGameState;
}
export interface PlayerAnswerPayload {
  questionIndex: number;
  optionIds?: string[];
  value?: number;
  text?: string;
  clientAnswerId: string;
}
export interface PlayerAnswerResult {
  questionIndex: number;
  clientAnswerId: string;
  /** True when this was a retry of an answer already counted. */
  duplicate: boolean;
}
export interface HostOpenPayload {
  gameId: string;
}
export interface HostCommandPayload {
  gameId?: string;
}
export interface HostKickPayload {
  playerId: string;
}
export interface HostExtraTimePayload {
  playerId: string;
  seconds: number;
}
export interface HostView {
  gameId: string;
  pin: string;
  /** Everyone in the game (not removed), in joining order: the lobby as the host reopens it. */
  players: { playerId: string; nickname: string; extraTimeMs: number }[];
  state: LiveGameState;
  /** Players waiting to get in (see LiveWaiting). */
  waiting: number;
  /** On a result screen or after the end: the last closed question's board, as `leaderboard:update` sent it. */
  board: LiveLeaderboard | null;
  /** After the end: the podium, as `game:ended` sent it. */
  ended: LiveGameEnded | null;
  /** The last question shown (on screen, or the one the board is about), for its text and options. */
  lastQuestion: LiveQuestionShow | null;
}

type Ack<T> = (response: LiveAck<T>) => void;

export interface LiveClientToServerEvents {
  'player:join': (payload: PlayerJoinPayload, ack: Ack<PlayerJoinResult>) => void;
  'player:answer': (payload: PlayerAnswerPayload, ack: Ack<PlayerAnswerResult>) => void;
  'host:open': (payload: HostOpenPayload, ack: Ack<HostView>) => void;
  'host:start': (payload: HostCommandPayload, ack: Ack<LiveGameState>) => void;
  'host:next': (payload: HostCommandPayload, ack: Ack<LiveGameState>) => void;
  'host:kick': (payload: HostKickPayload, ack: Ack<{ playerId: string }>) => void;
  'host:extra-time': (payload: HostExtraTimePayload, ack: Ack<{ playerId: string; extraTimeMs: number }>) => void;
  'host:end': (payload: HostCommandPayload, ack: Ack<LiveGameState>) => void;
  'host:pause': (payload: HostCommandPayload, ack: Ack<LiveGameState>) => void;
  'host:resume': (payload: HostCommandPayload, ack: Ack<LiveGameState>) => void;
}

export interface LiveServerToClientEvents {
  'game:state': (state: LiveGameState) => void;
  'question:show': (question: LiveQuestionShow) => void;
  'question:result': (result: LiveQuestionResult) => void;
  'leaderboard:update': (board: LiveLeaderboard) => void;
  'game:ended': (ended: LiveGameEnded) => void;
  /** To the host room only, coalesced: the lobby filling. */
  'lobby:update': (update: LiveLobbyUpdate) => void;
  /** To the host room only, when the number changes: players waiting to get in after RATE_LIMITED. */
  'lobby:waiting': (update: LiveWaiting) => void;
  /** To the host room only, about once a second while a question is on screen and the number moves. */
  'question:answers': (count: LiveAnswerCount) => void;
  /** To a removed player, just before the server disconnects them. */
  'player:kicked': (error: { code: ErrorCode; message: string }) => void;
}
