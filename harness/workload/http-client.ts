/**
 * The load's HTTP/1.1 client: plain sockets to one 127.0.0.1 port, answers parsed with
 * http-parser-js, as autocannon does. On the same endpoint, node:http with an Agent reached a
 * third of autocannon's rate, undici's Pool about 0.8 (half with `Connection: close`); this one
 * costs what autocannon costs, yet keeps every answer's status and whole body (the generator
 * scans bodies for error pages and parses edits' JSON). Sockets read into one shared buffer
 * (net's `onread`) rather than emitting a new Buffer per read through the Readable stream: that
 * took the load path from 21.4 to 17.2 µs of CPU a request (autocannon: 17.5).
 *
 * One request per connection at a time (no pipelining). A connection is reused while the
 * server keeps it alive; an answer with `Connection: close` (MediaWiki page views under mod_php)
 * or an HTTP/1.0 one ends it, and the next request opens a new one. Requests never wait for a
 * connection: with none idle, a new one is opened, so the open loop sends on schedule.
 */
import net from 'node:net';
import { HTTPParser, type OnHeadersCompleteParser } from 'http-parser-js';

export interface Answer {
  status: number;
  body: string;
}

/**
 * How a request ended: an answer, or an error whose `code` says what the socket saw
 * (ECONNREFUSED, ECONNRESET, ...). `context` is the one given to `request`: the load passes one
 * callback for all requests and its per-request state here, so a request allocates no closure.
 */
export type Done<T = unknown> = (error: NodeJS.ErrnoException | undefined, answer: Answer | undefined, context: T) => void;

/** The connection a request went out on, for `cancel`. */
export type RequestHandle = object;

export interface HttpClient {
  /**
   * Sends one request; `done` is called exactly once, unless the request is cancelled. `path`
   * and `form` are ASCII (percent-encoded, as URL and URLSearchParams give them): the request is
   * written as latin1, which V8 hands to the socket as it stores the string, where UTF-8 costs
   * an encoding pass (measured: 10-17% less CPU per request on a static page).
   */
  request<T>(method: 'GET' | 'POST', path: string, form: string | undefined, done: Done<T>, context?: T): RequestHandle;
  /** Ends the request's connection without calling back, if the request (same context) is still in flight. */
  cancel(handle: RequestHandle, context?: unknown): void;
  /** Ends every connection (requests in flight fail as reset). */
  close(): void;
}

interface Connection {
  socket: net.Socket;
  parser: InstanceType<typeof HTTPParser>;
  done?: Done<any>;
  context?: unknown;
  status: number;
  keepAlive: boolean;
  /** The answer's body so far; chunks before `owned` are copies, the rest still point into the read buffer. */
  chunks: Buffer[];
  owned: number;
  answer?: Answer;
}

export function httpClient(port: number, host = '127.0.0.1'): HttpClient {
  const idle: Connection[] = [];
  const open = new Set<Connection>();
  const hostLine = `Host: ${host}:${port}\r\n`;
  // Every connection reads into this one buffer (net's `onread`): no buffer is allocated per read
  // and the Readable stream machinery is skipped. A read is parsed before the next one lands.
  const readBuffer = Buffer.allocUnsafe(65_536);

  const settle = (c: Connection, error: NodeJS.ErrnoException | undefined, answer?: Answer) => {
    const { done, context } = c;
    c.done = undefined;
    c.context = undefined;
    c.chunks = [];
    c.owned = 0;
    c.answer = undefined;
    done?.(error, answer, context);
  };

  const connect = (): Connection => {
    const parser = new HTTPParser(HTTPParser.RESPONSE);
    const read = (length: number) => {
      const result = parser.execute(readBuffer, 0, length);
      if (result instanceof Error) fail(c, Object.assign(result, { code: 'HPE_INVALID' }));
      else if (c.answer) complete();
      // The body goes on in a later read: what it has so far must outlive this one.
      else for (; c.owned < c.chunks.length; c.owned++) c.chunks[c.owned] = Buffer.from(c.chunks[c.owned]!);
      return true; // keep reading
    };
    const socket = net.connect({ port, host, noDelay: true, onread: { buffer: readBuffer, callback: read } });
    const c: Connection = { socket, parser, status: 0, keepAlive: false, chunks: [], owned: 0 };
    parser[HTTPParser.kOnHeadersComplete] = (info: Parameters<OnHeadersCompleteParser>[0]) => {
      c.status = info.statusCode;
      c.keepAlive = info.shouldKeepAlive;
    };
    parser[HTTPParser.kOnBody] = (chunk: Buffer, start: number, length: number) => {
      c.chunks.push(start === 0 && length === chunk.length ? chunk : chunk.subarray(start, start + length));
    };
    parser[HTTPParser.kOnMessageComplete] = () => {
      c.answer = { status: c.status, body: c.chunks.length === 1 ? c.chunks[0]!.toString('utf8') : Buffer.concat(c.chunks).toString('utf8') };
    };
    // The answer is handed over after the parser returns, so an exception in `done` is not
    // mistaken for a parse error.
    const complete = () => {
      const answer = c.answer!;
      if (c.keepAlive) idle.push(c);
      else socket.destroy();
      settle(c, undefined, answer);
    };
    // A body that ends with the connection (no length) completes here.
    socket.on('end', () => {
      const result = parser.finish();
      if (result instanceof Error) return fail(c, Object.assign(new Error('the server closed the connection mid-answer'), { code: 'ECONNRESET' }));
      if (c.answer) complete();
      // Not reused between now and the socket's close.
      forget(c);
      socket.destroy();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => fail(c, e));
    // Every connection closes; only one with a request in flight fails it (page views under
    // mod_php close after every answer, so this path must not build an Error each time).
    socket.on('close', () => {
      if (c.done) fail(c, Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
      else forget(c);
    });
    open.add(c);
    return c;
  };

  const forget = (c: Connection) => {
    open.delete(c);
    const i = idle.indexOf(c);
    if (i >= 0) idle.splice(i, 1);
  };

  const fail = (c: Connection, error: NodeJS.ErrnoException) => {
    forget(c);
    c.socket.destroy();
    settle(c, error);
  };

  return {
    request(method, path, form, done, context) {
      const c = idle.pop() ?? connect();
      c.done = done;
      c.context = context;
      const head = `${method} ${path} HTTP/1.1\r\n${hostLine}`;
      c.socket.write(form === undefined ? `${head}\r\n` : `${head}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${form.length}\r\n\r\n${form}`, 'latin1');
      return c;
    },
    cancel(handle, context) {
      const c = handle as Connection;
      if (c.done === undefined || c.context !== context) return;
      c.done = undefined;
      fail(c, Object.assign(new Error('cancelled'), { code: 'ECANCELED' }));
    },
    close() {
      for (const c of open) fail(c, Object.assign(new Error('client closed'), { code: 'ECONNRESET' }));
    },
  };
}
