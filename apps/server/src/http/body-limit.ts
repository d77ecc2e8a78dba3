// One limit on every request body, counted as it streams (Content-Length or chunked alike), in front of every
// route. A declared length over the limit is refused before a byte is read; a body that grows past it is refused
// the moment it does: 413 with Connection: close, and the rest of the body is read and dropped (never buffered)
// until the client closes or a few seconds pass. Readers (busboy, tRPC, the REST bridge) never see more than the
// limit, so no request holds more than that much memory.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export interface BodyLimitOptions {
  /** Bytes per request body (REQUEST_MAX_BYTES). */
  maxBytes: number;
  /** How long the rest of a refused body is read and dropped, after the answer, before the connection is closed. */
  lingerMs?: number;
}

const OVER = Symbol('mad.bodyOverLimit');

/** True once the request's body went over a limit (its 413 is sent or being sent; consumers stop). */
export function bodyOverLimit(req: IncomingMessage): boolean {
  return (req as IncomingMessage & { [OVER]?: boolean })[OVER] === true;
}

export function tooLargeMessage(maxBytes: number): string {
  return `the request body is larger than the limit of ${maxBytes} bytes (REQUEST_MAX_BYTES); nothing was stored`;
}

/**
 * Answers 413 now (Connection: close) and stops the body reaching its readers; what the client still sends is
 * read and dropped until it closes or `lingerMs` after the answer. Closing at once would reset the connection with
 * unread bytes in it, and a client still sending would lose the answer (a "lingering close", as nginx does). Used by
 * the body limit and by routes that refuse a body half-way (a file over UPLOAD_MAX_BYTES, too many files).
 */
export function refuseRestOfBody(
  req: IncomingMessage,
  res: Response,
  body: { code: string; message: string },
  options: Pick<BodyLimitOptions, 'lingerMs'> = {},
): void {
  const marked = req as IncomingMessage & { [OVER]?: boolean };
  if (!marked[OVER]) {
    marked[OVER] = true;
    discardFurtherBody(req);
    lingerOnClose(req.socket, options.lingerMs ?? 5_000);
  }
  if (!res.headersSent) {
    res.setHeader('connection', 'close');
    res.status(413).json(body);
  }
}

/**
 * From now on the request's body bytes are dropped instead of reaching its readers, and its end is withheld: a
 * reader never mistakes the cut body for a whole one; it sees the request aborted when the connection closes.
 */
function discardFurtherBody(req: IncomingMessage): void {
  req.push = (chunk: unknown) => chunk !== null;
  req.unpipe();
  req.resume(); // keep the socket reading (a reader that stopped had paused it)
}

/** When the server would close this connection after the answer, it half-closes instead and closes later. */
function lingerOnClose(socket: Socket, lingerMs: number): void {
  socket.destroySoon = () => {
    if (socket.writable) socket.end();
    const timer = setTimeout(() => socket.destroy(), lingerMs);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
    socket.once('end', () => socket.destroy());
  };
}

/** Express middleware: the per-request body limit (mount first). */
export function bodyLimit(options: BodyLimitOptions): RequestHandler {
  const { maxBytes } = options;
  return (req: Request, res: Response, next: NextFunction) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) {
      refuseRestOfBody(req, res, { code: 'PAYLOAD_TOO_LARGE', message: tooLargeMessage(maxBytes) }, options);
      return;
    }
    if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) return next();
    let received = 0;
    // The HTTP parser hands every body chunk to push(); counting there sees chunked and fixed-length bodies alike
    // without taking the stream over (its readers keep their own pace and back-pressure).
    const push = req.push.bind(req);
    req.push = (chunk: unknown, encoding?: BufferEncoding) => {
      if (chunk === null) return push(null, encoding);
      received += (chunk as Buffer).length;
      if (received <= maxBytes) return push(chunk, encoding);
      refuseRestOfBody(req, res, { code: 'PAYLOAD_TOO_LARGE', message: tooLargeMessage(maxBytes) }, options);
      return true;
    };
    next();
  };
}
