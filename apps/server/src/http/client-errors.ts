// What the HTTP server answers to a request its parser refused before express saw it: Node writes a bare
// `431 Request Header Fields Too Large` (or `400 Bad Request`) with an empty body, outside the one error shape, for a
// request line or headers over --max-http-header-size (16 KiB: a tRPC GET with a long `?input=`, a huge cookie) or
// a malformed request. With a 'clientError' listener Node writes nothing itself, so this answers in the error shape.
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';

/** The status and JSON body answered to a request Node's HTTP parser refused with `code` (an `HPE_…` code). */
export function clientErrorAnswer(code: string | undefined): {
  status: number;
  body: { code: string; message: string };
} {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return {
      status: 408,
      body: {
        code: 'REQUEST_TIMEOUT',
        message: 'the request did not arrive in time (headers or body); nothing was done',
      },
    };
  if (code === 'HPE_HEADER_OVERFLOW')
    return {
      status: 431,
      body: {
        code: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
        message:
          'the request line and headers are larger than the server reads (16 KiB): send long input in a POST body, not in the URL, and check the size of Cookie and Authorization',
      },
    };
  return {
    status: 400,
    body: {
      code: 'BAD_REQUEST',
      message: `the request is not valid HTTP/1.1 (${code ?? 'unreadable'}); nothing was done`,
    },
  };
}

/** Installs the answer above on `server` (main.ts and the test servers alike). */
export function answerClientErrors(server: Server): Server {
  server.on('clientError', (error: Error, socket: Duplex) => {
    const code = (error as NodeJS.ErrnoException).code;
    // A connection reset has nobody to answer.
    if (code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const { status, body } = clientErrorAnswer(code);
    const text = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'content-type: application/json; charset=utf-8\r\n' +
        `content-length: ${Buffer.byteLength(text)}\r\n` +
        'connection: close\r\n\r\n' +
        text,
    );
  });
  return server;
}
