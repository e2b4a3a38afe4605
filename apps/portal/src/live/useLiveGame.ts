import { useCallback, useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type {
  ErrorCode,
  LiveAck,
  LiveClientToServerEvents,
  LiveGameEnded,
  LiveGameState,
  LiveLeaderboard,
  LiveQuestionResult,
  LiveQuestionShow,
  LiveServerToClientEvents,
  PlayerAnswerPayload,
  PlayerJoinResult,
} from '#contracts';

type LiveSocket = Socket<LiveServerToClientEvents, LiveClientToServerEvents>;

export type LivePhase = 'idle' | 'joining' | 'waitingRoom' | 'playing' | 'failed';

/** Handshake refusals of the access token: the player chooses to sign in again or to play as a guest. */
export const SIGN_IN_REFUSALS = ['TOKEN_INVALID', 'TOKEN_EXPIRED', 'TOKEN_REVOKED', 'ACCOUNT_DISABLED'];

interface Saved {
  resumeToken: string;
  nickname: string;
}
const savedKey = (pin: string) => `haidang.live.${pin}`;
const readSaved = (pin: string): Saved | null => {
  const raw = sessionStorage.getItem(savedKey(pin));
  return raw ? (JSON.parse(raw) as Saved) : null;
};

/** The back-off of a join refused for crowding: 0.5 s doubling to 8 s, with jitter so a hall does not retry in step. */
export const joinDelayMs = (attempt: number) => Math.min(8000, 500 * 2 ** attempt) * (0.5 + Math.random());
/** How long one join waits for an answer before asking again (the link may have dropped). */
const ACK_TIMEOUT_MS = 10_000;

/**
 * One player's side of a live game over socket.io /live: joins (or resumes with the token kept for this tab, so a
 * reload or a dropped network returns to the same player and score), follows the game's events, answers. A join
 * refused as RATE_LIMITED (a whole hall joining through one address) is retried with back-off, never shown as failure.
 * With `token` (the portal's access token) the socket connects as that account and the player is theirs (the only
 * players certificates can be issued to); a token the server refuses fails the connection with its reason (shown),
 * never a silent join as a guest.
 */
export function useLiveGame(pin: string, token: string | null = null) {
  const socket = useRef<LiveSocket | null>(null);
  const [phase, setPhase] = useState<LivePhase>('idle');
  const [error, setError] = useState<{ code: ErrorCode | 'NETWORK'; message: string } | null>(null);
  const [crowded, setCrowded] = useState(false);
  const [state, setState] = useState<LiveGameState | null>(null);
  const [question, setQuestion] = useState<LiveQuestionShow | null>(null);
  const [offsetMs, setOffsetMs] = useState(0);
  const [answered, setAnswered] = useState<number | null>(null);
  const [result, setResult] = useState<LiveQuestionResult | null>(null);
  const [board, setBoard] = useState<LiveLeaderboard | null>(null);
  const [ended, setEnded] = useState<LiveGameEnded | null>(null);
  const [connected, setConnected] = useState(false);
  const nickname = useRef<string>(readSaved(pin)?.nickname ?? '');
  const joinRun = useRef(0);

  const applyState = useCallback((s: LiveGameState) => {
    // A state broadcast to the whole game carries no `you`: keep this player's own from the join.
    setState((before) => (s.you || !before?.you ? s : { ...s, you: before.you }));
    setOffsetMs(s.serverNow - Date.now());
    if (s.question) setQuestion(s.question);
    if (s.you?.answeredCurrent) setAnswered(s.questionIndex);
  }, []);

  const join = useCallback(
    async (name?: string) => {
      const s = socket.current;
      if (!s) return;
      if (name !== undefined) nickname.current = name;
      const run = ++joinRun.current;
      setPhase('joining');
      setError(null);
      for (let attempt = 0; attempt < 60 && run === joinRun.current; attempt++) {
        const saved = readSaved(pin);
        let ack: LiveAck<PlayerJoinResult>;
        try {
          ack = await s.timeout(ACK_TIMEOUT_MS).emitWithAck('player:join', {
            pin,
            nickname: saved?.nickname ?? nickname.current,
            ...(saved ? { resumeToken: saved.resumeToken } : {}),
          });
        } catch {
          // No answer in time: the connection is down; socket.io reconnects and the connect handler joins again.
          return;
        }
        if (run !== joinRun.current) return;
        if (ack.ok) {
          sessionStorage.setItem(
            savedKey(pin),
            JSON.stringify({ resumeToken: ack.data.resumeToken, nickname: saved?.nickname ?? nickname.current }),
          );
          setCrowded(false);
          applyState(ack.data.state);
          setPhase(ack.data.state.status === 'lobby' ? 'waitingRoom' : 'playing');
          if (ack.data.state.status === 'ended')
            setEnded((e) => e ?? { podium: [], playerCount: ack.data.state.playerCount });
          return;
        }
        if (ack.error.code === 'RATE_LIMITED') {
          setCrowded(true);
          await new Promise((r) => setTimeout(r, joinDelayMs(attempt)));
          continue;
        }
        if (saved && ack.error.code !== 'PLAYER_KICKED') {
          // The token no longer fits (another game, forgotten): join afresh with the nickname.
          sessionStorage.removeItem(savedKey(pin));
          if (nickname.current) continue;
        }
        setCrowded(false);
        setError(ack.error);
        setPhase('failed');
        return;
      }
    },
    [pin, applyState],
  );

  useEffect(() => {
    const s: LiveSocket = io('/live', {
      transports: ['websocket'],
      reconnectionDelayMax: 5000,
      ...(token ? { auth: { token } } : {}),
    });
    socket.current = s;
    s.on('connect_error', (err) => {
      // Refused by the server (the token): no retry by socket.io; a network failure is retried by itself.
      const data = (err as Error & { data?: { code?: string; message?: string } }).data;
      if (s.active || !data?.code) return;
      setError({ code: data.code as ErrorCode, message: data.message ?? data.code });
      setPhase('failed');
    });
    s.on('connect', () => {
      setConnected(true);
      // A reload or a reconnection: back into the game as the same player.
      if (readSaved(pin)) void join();
    });
    s.on('disconnect', () => setConnected(false));
    s.on('game:state', (st) => {
      applyState(st);
      if (st.status !== 'lobby') setPhase('playing');
    });
    s.on('question:show', (q) => {
      setQuestion(q);
      setOffsetMs(q.serverNow - Date.now());
      setResult(null);
      setBoard(null);
      setAnswered(null);
      setPhase('playing');
    });
    s.on('question:result', (r) => setResult(r));
    s.on('leaderboard:update', (b) => setBoard(b));
    s.on('game:ended', (e) => {
      setEnded(e);
      setPhase('playing');
    });
    s.on('player:kicked', (e) => {
      sessionStorage.removeItem(savedKey(pin));
      setError(e);
      setPhase('failed');
    });
    return () => {
      joinRun.current++;
      s.close();
      socket.current = null;
    };
  }, [pin, token, join, applyState]);

  const answer = useCallback(async (payload: Omit<PlayerAnswerPayload, 'clientAnswerId'>) => {
    const s = socket.current;
    if (!s) return;
    setAnswered(payload.questionIndex);
    const clientAnswerId = crypto.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
    // A retry with the same clientAnswerId counts once.
    for (let i = 0; i < 3; i++) {
      try {
        const ack = await s.timeout(4000).emitWithAck('player:answer', { ...payload, clientAnswerId });
        if (!ack.ok && ack.error.code !== 'ALREADY_ANSWERED') setError(ack.error);
        return;
      } catch {
        /* no answer in time: again */
      }
    }
  }, []);

  const leave = useCallback(() => {
    sessionStorage.removeItem(savedKey(pin));
    joinRun.current++;
  }, [pin]);

  return {
    phase,
    error,
    crowded,
    connected,
    state,
    question,
    offsetMs,
    answered,
    result,
    board,
    ended,
    hasSaved: readSaved(pin) !== null,
    join,
    answer,
    leave,
  };
}
