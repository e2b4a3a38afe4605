import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A Lua script run with EVALSHA, and sent whole with EVAL the first time a server does not know it (NOSCRIPT). Plain
 * commands rather than ioredis's `defineCommand`: with auto-pipelining, a defined command in flight when the
 * connection closes rejects a promise nobody holds (an unhandled rejection), while these reject the caller's own.
 */
export class RedisScript<T> {
  private readonly sha: string;

  constructor(
    private readonly lua: string,
    private readonly numberOfKeys: number,
  ) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  /** Runs on `client` with the script's keys first, then its arguments. */
  async run(client: Redis, ...keysThenArgs: (string | number)[]): Promise<T> {
    try {
      return (await client.evalsha(this.sha, this.numberOfKeys, ...keysThenArgs)) as T;
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return (await client.eval(this.lua, this.numberOfKeys, ...keysThenArgs)) as T;
    }
  }
}
