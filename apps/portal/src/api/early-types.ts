/** An API call started by src/early.ts before the app ran, waiting for the app's client to take it (api/early.ts). */
export interface EarlyCall {
  method: string;
  /** Path and query, as the app's client sends them. */
  url: string;
  /** The session's token it was sent with: a response for another person is never used. */
  token: string;
  /** When it was sent and answered (epoch ms of the phone), for clock offsets taken from its answer. */
  timing: { sentAt: number; receivedAt: number };
  response: Promise<Response>;
}

export type EarlyWindow = Window & { haidangEarly?: EarlyCall[] };
