import { Injectable } from '@nestjs/common';

/**
 * Tunables of live games. Defaults fit production; tests and benchmarks change them on the instance (a game full
 * at 3 players, a host grace of a second) instead of through environment variables nothing else would read.
 */
@Injectable()
export class LiveSettings {
  /** Latency allowance after a player's deadline before an answer is refused. */
  graceMs = 400;
  /** How long the host may be away before the game pauses (waits for them rather than moving on or crashing). */
  hostGraceMs = 60_000;
  /** How often each instance checks its games (heartbeats, pause, a dead driver's games). */
  tickMs = 1000;
  /** The clock-driver lease: another instance takes a game over this long after its driver died. */
  leaseTtlMs = 5000;
  maxPlayers = 20_000;
  /**
   * Join attempts per address: a burst, then a steady rate. A whole school hall shares one address (its NAT) and joins
   * at the teacher's word: 500 players at once must all get in, and a hall's worth again within half a minute (a
   * network drop makes every phone resume at once).
   */
  joinBurst = 600;
  joinPerSecond = 20;
  /** A socket whose unsent data passes this is a slow consumer and is disconnected (backpressure). */
  slowConsumerBytes = 1024 * 1024;
  slowConsumerPackets = 256;
  /** The host's lobby view is sent at most this often while players pour in. */
  lobbyUpdateMs = 250;
  /** An ended game's state stays this long in the store (late resumes see the podium) before it is dropped. */
  endedRetentionMs = 10 * 60_000;
}

/** The largest socket.io message accepted (socket.io's maxHttpBufferSize): answers and joins are tiny. */
export const LIVE_MAX_MESSAGE_BYTES = 16 * 1024;
