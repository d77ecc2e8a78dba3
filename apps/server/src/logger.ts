import { pino, type DestinationStream, type Logger } from 'pino';
import { traceLogFields } from '@mad/telemetry';

/** Request and response fields that carry credentials: never written to a log (pino-http logs the headers). */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
];

/** JSON lines; inside a traced request or job every line carries its trace_id and span_id. */
export function createLogger(level: string, name = 'server', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: traceLogFields,
    redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
