import { pino, type Logger } from 'pino';
import { traceLogFields } from '@mad/telemetry';

/** JSON lines; inside a traced request or job every line carries its trace_id and span_id. */
export function createLogger(level: string, name = 'server'): Logger {
  return pino({ level, base: { service: name }, timestamp: pino.stdTimeFunctions.isoTime, mixin: traceLogFields });
}
