import { Injectable } from '@nestjs/common';

/** The server's time. Injected so tests can move it; the server decides time, never the client. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
  nowMs(): number {
    return Date.now();
  }
}
