// A load generator's HTTP/1.1 client: a fixed set of keep-alive connections to one server, one request in flight on
// each, requests queued here when all are busy. Bench-only. Why not undici (which the other load generators use): the
// contest's load generator shares the machine's two cores with the API and PostgreSQL it measures, and undici's
// request path cost it ≈ 50 µs of CPU per request against ≈ 26 µs here (same loopback server, 60,000 requests at 512
// in flight), half a core of the two at the contest's 5,000 requests a second. This client does only what that load
// needs: requests with a string body, responses with Content-Length or chunked bodies, no redirects, no TLS.
import net from 'node:net';

export interface Answer {
  status: number;
  body: Buffer;
  /** performance.now() when the request was written to its connection (after any wait in this client's queue). */
  writtenAt: number;
}

interface Pending {
  head: string;
  body: string;
  resolve: (answer: Answer) => void;
  reject: (error: Error) => void;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** One connection: writes a request, parses its answer, hands itself back to the client. */
class Connection {
  private readonly socket: net.Socket;
  private received: Buffer | null = null;
  private current: (Pending & { writtenAt: number }) | null = null;
  /** Parsed once the header is in: the status, and where the body ends (or -1: chunked, found as chunks arrive). */
  private status = 0;
  private bodyStart = -1;
  private bodyEnd = -1;
  private chunked = false;
  closed = false;
  /** Whether the connection was ever made: one refused fails the requests waiting for it instead of retrying. */
  connected = false;

  constructor(
    port: number,
    host: string,
    private readonly release: (c: Connection) => void,
    private readonly onClose: (c: Connection) => void,
  ) {
    this.socket = net.connect(port, host);
    this.socket.setNoDelay(true);
    this.socket.once('connect', () => (this.connected = true));
    this.socket.on('data', (data: Buffer) => this.read(data));
    this.socket.on('error', () => undefined); // 'close' follows and fails what was in flight
    this.socket.on('close', () => {
      this.closed = true;
      const current = this.current;
      this.current = null;
      current?.reject(new Error('connection closed'));
      this.onClose(this);
    });
  }

  send(request: Pending): void {
    this.current = { ...request, writtenAt: performance.now() };
    this.socket.write(request.head + request.body);
  }

  close(): void {
    this.socket.end();
  }

  private read(data: Buffer): void {
    this.received = this.received ? Buffer.concat([this.received, data]) : data;
    const buffer = this.received;
    if (this.bodyStart < 0) {
      const end = buffer.indexOf(HEADER_END);
      if (end < 0) return;
      const head = buffer.toString('latin1', 0, end);
      this.status = Number(head.slice(9, 12));
      this.bodyStart = end + 4;
      const length = /\r\ncontent-length: *(\d+)/i.exec(head);
      this.chunked = !length && /\r\ntransfer-encoding: *chunked/i.test(head);
      this.bodyEnd = length ? this.bodyStart + Number(length[1]) : this.chunked ? -1 : this.bodyStart;
      // The server will close after this answer: not handed another request (it would fail with the close).
      if (/\r\nconnection: *close/i.test(head)) this.closed = true;
    }
    let body: Buffer;
    if (this.chunked) {
      const chunks = dechunk(buffer, this.bodyStart);
      if (!chunks) return;
      body = chunks.body;
      this.bodyEnd = chunks.end;
    } else {
      if (buffer.length < this.bodyEnd) return;
      body = buffer.subarray(this.bodyStart, this.bodyEnd);
    }
    const rest = buffer.length > this.bodyEnd ? buffer.subarray(this.bodyEnd) : null;
    const current = this.current!;
    const answer: Answer = { status: this.status, body, writtenAt: current.writtenAt };
    this.received = rest;
    this.current = null;
    this.bodyStart = this.bodyEnd = -1;
    this.release(this);
    current.resolve(answer);
  }
}

/** A chunked body from `start` once its last chunk is in: the body and where the message ends; null until then. */
function dechunk(buffer: Buffer, start: number): { body: Buffer; end: number } | null {
  const parts: Buffer[] = [];
  let at = start;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at, 'latin1');
    if (lineEnd < 0) return null;
    const size = parseInt(buffer.toString('latin1', at, lineEnd), 16);
    if (size === 0) {
      const end = buffer.indexOf(HEADER_END, lineEnd, 'latin1'); // no trailers are sent here: "0\r\n\r\n"
      return end < 0 ? null : { body: Buffer.concat(parts), end: end + 4 };
    }
    if (buffer.length < lineEnd + 2 + size + 2) return null;
    parts.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

export class KeepAliveClient {
  private readonly idle: Connection[] = [];
  private readonly queue: Pending[] = [];
  private readonly host: string;
  private readonly port: number;
  private readonly hostHeader: string;
  private open = 0;
  private closing = false;

  constructor(
    baseUrl: string,
    private readonly connections: number,
  ) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port || 80);
    this.hostHeader = url.host;
  }

  /** Opens every connection and waits until each has answered one request (`path`), so none is opened under load. */
  async warm(path: string): Promise<void> {
    while (this.open < this.connections) this.connect();
    await Promise.all(Array.from({ length: this.connections }, () => this.request('GET', path, {})));
  }

  request(method: string, path: string, headers: Record<string, string>, body = ''): Promise<Answer> {
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${this.hostHeader}\r\n`;
    for (const name in headers) head += `${name}: ${headers[name]}\r\n`;
    head += `content-length: ${Buffer.byteLength(body)}\r\n\r\n`;
    return new Promise((resolve, reject) => {
      const pending = { head, body, resolve, reject };
      const connection = this.idle.pop();
      if (connection) connection.send(pending);
      else {
        this.queue.push(pending);
        if (this.open < this.connections) this.connect();
      }
    });
  }

  close(): void {
    this.closing = true;
    for (const connection of this.idle.splice(0)) connection.close();
  }

  private connect(): void {
    this.open++;
    // Not idle until connected: requests written before then wait in the socket's buffer, as with any client.
    this.release(new Connection(this.port, this.host, this.release, this.dropped));
  }

  private readonly release = (connection: Connection): void => {
    if (connection.closed) return;
    const next = this.queue.shift();
    if (next) connection.send(next);
    else if (this.closing) connection.close();
    else this.idle.push(connection);
  };

  /**
   * A connection the server closed: forgotten, and another opened if requests are waiting. One that could not be made
   * at all (no server there) fails the waiting requests rather than trying again and again.
   */
  private readonly dropped = (connection: Connection): void => {
    this.open--;
    const at = this.idle.indexOf(connection);
    if (at >= 0) this.idle.splice(at, 1);
    if (!connection.connected) for (const waiting of this.queue.splice(0)) waiting.reject(new Error('not connected'));
    else if (this.queue.length > 0 && !this.closing) this.connect();
  };
}
