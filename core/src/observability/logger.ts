import { pino } from 'pino';

export type Logger = pino.Logger;

/**
 * JSON logs on stderr (stdout carries the CLI's own lines). Secrets never reach a log line: requests are
 * logged by explicit fields, and these paths are redacted should an object carry them anyway.
 */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: ['authorization', 'secret', '*.secret', 'headers.authorization', 'req.headers.authorization'],
        censor: '[redacted]',
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
