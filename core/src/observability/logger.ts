import { pino } from 'pino';

export type Logger = pino.Logger;

/**
 * JSON logs on stderr (stdout carries the CLI's own lines). Secrets never reach a log line: requests are
 * logged by explicit fields, and these paths are redacted should an object carry them anyway.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
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
    // Asynchronous writes to stderr: lines written while a write is in flight go out together.
    destination ?? pino.destination({ dest: 2, sync: false }),
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
