import { useCallback, useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type {
  ErrorCode,
  HostView,
  LiveAck,
  LiveClientToServerEvents,
  LiveGameEnded,
  LiveGameState,
  LiveLeaderboard,
  LiveQuestionShow,
  LiveServerToClientEvents,
} from '#contracts';
import { session } from '../auth/session';

type HostSocket = Socket<LiveServerToClientEvents, LiveClientToServerEvents>;
export type HostCommand = 'host:start' | 'host:next' | 'host:pause' | 'host:resume' | 'host:end';
export interface HostError {
  code: ErrorCode | 'NETWORK';
  message: string;
}
export interface LobbyPlayer {
  playerId: string;
  nickname: string;
  extraTimeMs: number;
}

const ACK_TIMEOUT_MS = 10_000;

/**
 * The host's side of a live game over socket.io /live: the bearer token in the handshake (`auth.token`), `host:open`
 * on every connection (a reload or a dropped network returns to the same game state: lobby, question, board or
 * podium), the game's events, and the host's commands with their acks.
 */
export function useHostGame(gameId: string) {
  const socket = useRef<HostSocket | null>(null);
  const [connected, setConnected] = useState(false);
  const [opened, setOpened] = useState(false);
  const [fatal, setFatal] = useState<HostError | null>(null);
  const [state, setState] = useState<LiveGameState | null>(null);
  const [players, setPlayers] = useState<LobbyPlayer[]>([]);
  const [waiting, setWaiting] = useState(0);
  const [board, setBoard] = useState<LiveLeaderboard | null>(null);
  const [ended, setEnded] = useState<LiveGameEnded | null>(null);
  const [offsetMs, setOffsetMs] = useState(0);
  /** The last question shown: a result screen's state carries none, and its chart needs the options. */
  const [question, setQuestion] = useState<LiveQuestionShow | null>(null);
  /** How many have answered the question on screen (the server says so about once a second). */
  const [answers, setAnswers] = useState<{ index: number; answered: number } | null>(null);

  const applyState = useCallback((s: LiveGameState) => {
    setState(s);
    setOffsetMs(s.serverNow - Date.now());
    if (s.question) setQuestion(s.question);
    if (s.status === 'question') setBoard(null);
  }, []);

  useEffect(() => {
    const s: HostSocket = io('/live', {
      transports: ['websocket'],
      reconnectionDelayMax: 5000,
      auth: (cb) => cb({ token: session.token() ?? '' }),
    });
    socket.current = s;
    const open = async () => {
      let ack: LiveAck<HostView>;
      try {
        ack = await s.timeout(ACK_TIMEOUT_MS).emitWithAck('host:open', { gameId });
      } catch {
        return; // no answer: socket.io reconnects and opens again
      }
      if (!ack.ok) {
        setFatal(ack.error);
        return;
      }
      const view = ack.data;
      setPlayers(view.players);
      setWaiting(view.waiting);
      setBoard(view.board);
      setEnded(view.ended);
      setQuestion(view.lastQuestion);
      applyState(view.state);
      setOpened(true);
    };
    s.on('connect', () => {
      setConnected(true);
      void open();
    });
    s.on('disconnect', () => setConnected(false));
    s.on('connect_error', (error: Error & { data?: { code?: ErrorCode } }) => {
      const code = error.data?.code;
      if (code) setFatal({ code, message: error.message });
    });
    s.on('game:state', applyState);
    s.on('question:show', (q) => {
      setOffsetMs(q.serverNow - Date.now());
      setQuestion(q);
      setBoard(null);
      setState((before) =>
        before
          ? {
              ...before,
              status: 'question',
              questionIndex: q.index,
              question: q,
              paused: false,
              pausedByHost: false,
              remainingMs: null,
            }
          : before,
      );
    });
    s.on('leaderboard:update', setBoard);
    s.on('game:ended', (e) => setEnded(e));
    s.on('lobby:update', (u) => {
      setPlayers((list) => {
        const left = new Set(u.left);
        const known = new Set(list.map((p) => p.playerId));
        return [
          ...list.filter((p) => !left.has(p.playerId)),
          ...u.joined
            .filter((p) => !known.has(p.playerId) && !left.has(p.playerId))
            .map((p) => ({ ...p, extraTimeMs: 0 })),
        ];
      });
    });
    s.on('lobby:waiting', (w) => setWaiting(w.waiting));
    s.on('question:answers', setAnswers);
    return () => {
      s.close();
      socket.current = null;
    };
  }, [gameId, applyState]);

  /** Sends a command; its new state is applied; an error is returned for the caller to show. */
  const command = useCallback(
    async (event: HostCommand): Promise<HostError | null> => {
      const s = socket.current;
      if (!s) return { code: 'NETWORK', message: '' };
      try {
        const ack = await s.timeout(ACK_TIMEOUT_MS).emitWithAck(event, {});
        if (!ack.ok) return ack.error;
        applyState(ack.data);
        return null;
      } catch {
        return { code: 'NETWORK', message: '' };
      }
    },
    [applyState],
  );

  const kick = useCallback(async (playerId: string): Promise<HostError | null> => {
    const s = socket.current;
    if (!s) return { code: 'NETWORK', message: '' };
    try {
      const ack = await s.timeout(ACK_TIMEOUT_MS).emitWithAck('host:kick', { playerId });
      if (!ack.ok) return ack.error;
      setPlayers((list) => list.filter((p) => p.playerId !== playerId));
      return null;
    } catch {
      return { code: 'NETWORK', message: '' };
    }
  }, []);

  const extraTime = useCallback(async (playerId: string, seconds: number): Promise<HostError | null> => {
    const s = socket.current;
    if (!s) return { code: 'NETWORK', message: '' };
    try {
      const ack = await s.timeout(ACK_TIMEOUT_MS).emitWithAck('host:extra-time', { playerId, seconds });
      if (!ack.ok) return ack.error;
      setPlayers((list) =>
        list.map((p) => (p.playerId === playerId ? { ...p, extraTimeMs: ack.data.extraTimeMs } : p)),
      );
      return null;
    } catch {
      return { code: 'NETWORK', message: '' };
    }
  }, []);

  return {
    connected,
    opened,
    fatal,
    state,
    players,
    // The store counts removed players too; the list (joins and removals as they come) is who is in the game.
    playerCount: players.length,
    waiting,
    board,
    ended,
    offsetMs,
    question,
    answers,
    command,
    kick,
    extraTime,
  };
}
