// A player's socket for the load generator: the socket.io v4 protocol spoken over a bare `ws` connection, without
// socket.io-client. Why: the load generator shares the machine's two cores with the servers it measures, and
// socket.io-client took 40–55 % of them while 10,000 players joined (it builds a Manager, an engine.io Socket and
// their emitters per connection). Real players bring their own CPU; this one brings as little as it can. Bare
// socket.io and the app are measured with the same client. `LIVE_CLIENT=socket.io` in load.mjs switches back.
// Speaks: engine.io open (0) and ping (2 → 3); socket.io CONNECT (40), CONNECT_ERROR (44), EVENT (42), ACK (43),
// all on one namespace, text frames only (no binary attachments: the live game sends none).
import WebSocket from 'ws';

export class LeanSocket {
  #ws;
  #nsp;
  #acks = new Map();
  #handlers = new Map();
  #nextAck = 0;

  /** `url` is the server's origin (http://host:port), `nsp` the namespace ('/live'). */
  constructor(url, nsp) {
    this.#nsp = nsp;
    this.#ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
      perMessageDeflate: false,
      // The servers measured here send valid UTF-8; checking every frame again is the generator's time, not theirs.
      skipUTF8Validation: true,
    });
  }

  /** Resolves once the namespace accepted the connection. */
  connect(auth) {
    return new Promise((resolve, reject) => {
      this.#ws.on('error', reject);
      this.#ws.on('message', (data) => {
        const text = data.toString();
        if (text[0] === '0') this.#ws.send(`40${this.#nsp},${auth ? JSON.stringify(auth) : ''}`);
        else if (text[0] === '2') this.#ws.send('3');
        else if (text[0] === '4') this.#packet(text, resolve, reject);
      });
    });
  }

  #packet(text, resolve, reject) {
    const type = text[1];
    // "4<type>/live,<ack id?><json>": the namespace and its comma, then digits for an ack id, then the payload.
    let at = text.indexOf(',') + 1;
    let id = '';
    while (text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57) id += text[at++];
    const body = text.slice(at);
    if (type === '0') resolve();
    else if (type === '4') reject(new Error(body));
    else if (type === '2') {
      // '["event",payload]': only events somebody listens to are parsed (10,000 players' leaderboards and states
      // would otherwise take the generator's share of the cores while it waits for the results it measures).
      const handler = this.#handlers.get(body.slice(2, body.indexOf('"', 2)));
      if (handler) handler(JSON.parse(body)[1]);
    } else if (type === '3') {
      const ack = this.#acks.get(id);
      this.#acks.delete(id);
      ack?.(JSON.parse(body)[0]);
    }
  }

  on(event, handler) {
    this.#handlers.set(event, handler);
  }

  emit(event, payload, ack) {
    const id = String(this.#nextAck++);
    this.#acks.set(id, ack);
    this.#ws.send(`42${this.#nsp},${id}${JSON.stringify([event, payload])}`);
  }

  close() {
    this.#ws.close();
  }
}
