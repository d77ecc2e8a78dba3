import { pino, type Logger } from 'pino';

export function createLogger(level: string, name = 'server'): Logger {
  return pino({ level, base: { service: name }, timestamp: pino.stdTimeFunctions.isoTime });
}
