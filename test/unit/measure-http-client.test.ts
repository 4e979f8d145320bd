// The load's own HTTP client against local servers that answer in each way it must handle:
// kept-alive, Connection: close, chunked, a body ended by the connection, a reset mid-answer.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpClient, type Answer } from '../../harness/workload/http-client.ts';

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => server.close());
  return (server.address() as AddressInfo).port;
}

/** A raw server: each connection gets `reply` written once its request has arrived. */
const raw = (reply: (socket: net.Socket) => void) => listen(net.createServer((socket) => socket.once('data', () => reply(socket))));

const ask = (client: ReturnType<typeof httpClient>, method: 'GET' | 'POST' = 'GET', form?: string) =>
  new Promise<{ error?: NodeJS.ErrnoException; answer?: Answer }>((resolve) => client.request(method, '/p?x=1', form, (error, answer) => resolve({ error, answer })));

describe('the load HTTP client', () => {
  it('reuses a kept-alive connection and opens a new one after Connection: close', async () => {
    const sockets = new Set<net.Socket>();
    const server = http.createServer((request, response) => {
      sockets.add(request.socket);
      let body = '';
      request.on('data', (c: Buffer) => (body += c.toString()));
      request.on('end', () => {
        response.writeHead(200, request.url === '/close' ? { connection: 'close' } : {});
        response.end(`${request.method} ${request.url} ${body}`);
      });
    });
    const port = await listen(server);
    const client = httpClient(port);
    closers.unshift(() => client.close());
    expect((await ask(client, 'POST', 'a=1&b=%C3%A9')).answer).toEqual({ status: 200, body: 'POST /p?x=1 a=1&b=%C3%A9' });
    expect((await ask(client)).answer?.body).toBe('GET /p?x=1 ');
    expect(sockets.size).toBe(1);
    const closing = await new Promise<Answer | undefined>((resolve) => client.request('GET', '/close', undefined, (_e, a) => resolve(a)));
    expect(closing?.body).toBe('GET /close ');
    expect((await ask(client)).answer?.status).toBe(200);
    expect(sockets.size).toBe(2);
  });

  it('drops a kept-alive connection the server closed while idle, and sends the next request on a new one', async () => {
    let connections = 0;
    const port = await raw((s) => {
      connections++;
      s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
      setTimeout(() => s.end(), 30);
    });
    const client = httpClient(port);
    closers.unshift(() => client.close());
    expect((await ask(client)).answer?.body).toBe('ok');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await ask(client)).toEqual({ error: undefined, answer: { status: 200, body: 'ok' } });
    expect(connections).toBe(2);
  });

  it('reads chunked bodies and bodies that end with the connection', async () => {
    const chunked = await raw((s) => s.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n'));
    expect((await ask(httpClient(chunked))).answer).toEqual({ status: 200, body: 'hello world' });
    const untilClose = await raw((s) => {
      s.write('HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/html\r\n\r\n<p>part one');
      setTimeout(() => s.end(', part two</p>'), 20);
    });
    expect((await ask(httpClient(untilClose))).answer).toEqual({ status: 503, body: '<p>part one, part two</p>' });
  });

  it('keeps a body that spans reads while other connections read into the shared buffer', async () => {
    // Two answers, each in two writes, interleaved: a then b then a's end then b's end. Each
    // split falls inside 'é' (two bytes in UTF-8), and b's body is larger than the read buffer.
    const bodies = { a: `first é${'a'.repeat(100)}`, b: `second é${'b'.repeat(200_000)}` };
    const parts = (body: string) => {
      const bytes = Buffer.from(body);
      const cut = bytes.indexOf(0xa9); // the second byte of 'é'
      return [Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${bytes.length}\r\n\r\n`), bytes.subarray(0, cut)]), bytes.subarray(cut)];
    };
    const waiting: net.Socket[] = [];
    const port = await raw((s) => {
      waiting.push(s);
      if (waiting.length < 2) return;
      const [first, second] = waiting as [net.Socket, net.Socket];
      const [a1, a2] = parts(bodies.a);
      const [b1, b2] = parts(bodies.b);
      first.write(a1!);
      setTimeout(() => second.write(b1!), 20);
      setTimeout(() => first.write(a2!), 40);
      setTimeout(() => second.write(b2!), 60);
    });
    const client = httpClient(port);
    closers.unshift(() => client.close());
    const [a, b] = await Promise.all([ask(client), ask(client)]);
    expect(a.answer?.body).toBe(bodies.a);
    expect(b.answer?.body).toBe(bodies.b);
  });

  it('fails a request as reset when the connection ends mid-answer or before it, and as refused when nothing listens', async () => {
    const midAnswer = await raw((s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort'));
    expect((await ask(httpClient(midAnswer))).error?.code).toBe('ECONNRESET');
    const hangUp = await raw((s) => s.destroy());
    expect((await ask(httpClient(hangUp))).error?.code).toBe('ECONNRESET');
    const gone = await raw(() => {});
    closers.pop()!();
    expect((await ask(httpClient(gone))).error?.code).toBe('ECONNREFUSED');
  });

  it('cancel ends the request without calling back', async () => {
    const silent = await raw(() => {});
    const client = httpClient(silent);
    let calls = 0;
    const handle = client.request('GET', '/', undefined, () => calls++);
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.cancel(handle);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toBe(0);
  });

  it('a cancel for an answered request leaves the next one on the same connection alone', async () => {
    const server = http.createServer((_request, response) => setTimeout(() => response.end('ok'), 30));
    const client = httpClient(await listen(server));
    closers.unshift(() => client.close());
    const first = { n: 1 };
    let firstHandle: object = {};
    await new Promise<void>((resolve) => (firstHandle = client.request('GET', '/a', undefined, () => resolve(), first)));
    const second = { n: 2 };
    let secondHandle: object = {};
    const result = new Promise<{ error?: NodeJS.ErrnoException; answer?: Answer; context: unknown }>((resolve) => {
      secondHandle = client.request('GET', '/b', undefined, (error, answer, context) => resolve({ error, answer, context }), second);
    });
    // The first request's handle is the kept-alive connection that now carries the second.
    expect(secondHandle).toBe(firstHandle);
    client.cancel(firstHandle, first);
    const { error, answer, context } = await result;
    expect(error).toBeUndefined();
    expect(answer?.body).toBe('ok');
    expect(context).toBe(second);
  });
});
