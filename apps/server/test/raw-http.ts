// Test helper: HTTP/1.1 requests written byte by byte on a TCP socket, for bodies fetch cannot send (truncated,
// malformed chunked framing, abandoned half-way) and for reading the answer while the body is still being sent.
import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  /** The status of the first response, or null when the server closed without answering. */
  status: number | null;
  headers: Record<string, string>;
  body: string;
  /** Milliseconds from the first byte sent to the status line (null without one). */
  answeredAfterMs: number | null;
  /** Bytes of the body written before the answer arrived or the socket closed. */
  bytesSent: number;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers: Record<string, string>;
  /** Body pieces written in order (each a write; an Error-free stop when the server answered or closed). */
  body?: (string | Buffer)[];
  /** What the client does after the last piece: half-close (end), wait for the answer (keep), or reset (destroy). */
  after?: 'end' | 'keep' | 'destroy';
  /** Gives up waiting for an answer after this long (the answer is then status null). */
  timeoutMs?: number;
  /** Stop writing further pieces as soon as an answer has arrived. */
  stopOnAnswer?: boolean;
}

function parseHead(raw: string): { status: number; headers: Record<string, string>; rest: string } | null {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine = '', ...lines] = raw.slice(0, end).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  if (!Number.isInteger(status)) return null;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status, headers, rest: raw.slice(end + 4) };
}

function responseComplete(head: { status: number; headers: Record<string, string>; rest: string }): boolean {
  if (head.headers['transfer-encoding']?.includes('chunked')) return /(^|\r\n)0\r\n\r\n$/.test(head.rest);
  const length = Number(head.headers['content-length'] ?? (head.status === 204 || head.status === 304 ? 0 : NaN));
  return Number.isFinite(length) && Buffer.byteLength(head.rest, 'latin1') >= length;
}

/** Sends one raw request to 127.0.0.1:port and reads the first answer (or notes that none came). */
export function rawRequest(port: number, request: RawRequest): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1');
    let received = '';
    let bytesSent = 0;
    let startedAt = 0;
    let answeredAt: number | null = null;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const head = parseHead(received);
      resolve({
        status: head?.status ?? null,
        headers: head?.headers ?? {},
        body: head?.rest ?? '',
        answeredAfterMs: answeredAt === null ? null : answeredAt - startedAt,
        bytesSent,
      });
    };
    const timer = setTimeout(finish, request.timeoutMs ?? 10_000);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (answeredAt === null && parseHead(received)) answeredAt = Date.now();
      const head = parseHead(received);
      if (head && responseComplete(head)) finish();
    });
    socket.on('error', () => finish());
    socket.on('close', () => finish());
    socket.on('connect', () => {
      void (async () => {
        startedAt = Date.now();
        const head = [
          `${request.method ?? 'POST'} ${request.path} HTTP/1.1`,
          'host: 127.0.0.1',
          ...Object.entries(request.headers).map(([k, v]) => `${k}: ${v}`),
          '',
          '',
        ].join('\r\n');
        socket.write(head);
        for (const piece of request.body ?? []) {
          if (settled || socket.destroyed || (request.stopOnAnswer && answeredAt !== null)) break;
          const ok = socket.write(piece);
          bytesSent += Buffer.byteLength(piece);
          if (!ok)
            await new Promise<void>((drained) => {
              const done = () => {
                socket.off('drain', done);
                socket.off('close', done);
                drained();
              };
              socket.on('drain', done);
              socket.on('close', done);
            });
        }
        if (settled) return;
        if (request.after === 'destroy') finish();
        else if (request.after !== 'keep') socket.end();
      })();
    });
  });
}

/** A multipart/form-data body by hand (so it can be cut short anywhere). */
export function multipartBody(
  boundary: string,
  parts: { name: string; filename?: string; content: string | Buffer }[],
  closed = true,
): Buffer {
  const pieces: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    pieces.push(Buffer.from(`--${boundary}\r\ncontent-disposition: ${disposition}\r\n\r\n`));
    pieces.push(Buffer.isBuffer(part.content) ? part.content : Buffer.from(part.content));
    pieces.push(Buffer.from('\r\n'));
  }
  if (closed) pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(pieces);
}

/** Chunked transfer encoding of pieces; `terminated` adds the final zero-length chunk. */
export function chunked(pieces: (string | Buffer)[], terminated = true): Buffer[] {
  const framed = pieces.map((piece) => {
    const bytes = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
    return Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')]);
  });
  return terminated ? [...framed, Buffer.from('0\r\n\r\n')] : framed;
}
