import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

describe('server log lines', () => {
  it('never carry a bearer token, a session cookie or a CSRF token', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = createLogger('info', 'server', sink);
    log.info({
      req: { headers: { authorization: 'Bearer mad_secret', cookie: 'mad_session=s3cret', 'x-csrf-token': 'c5rf' } },
      res: { headers: { 'set-cookie': ['mad_session=s3cret'] } },
    });
    expect(lines.join('')).not.toMatch(/mad_secret|s3cret|c5rf/);
    expect(lines.join('')).toContain('[redacted]');
  });
});
