/**
 * The database cannot be reached right now (refused or dropped connections, a server restarting or shutting
 * down). Nothing was applied; the same request can simply be sent again. The API answers 503 with
 * `Retry-After`, and the hub recovers by itself once the database is back.
 */
export class StoreUnavailableError extends Error {
  constructor(readonly cause: unknown) {
    super(`the database is unavailable (${cause instanceof Error ? cause.message : String(cause)})`);
    this.name = 'StoreUnavailableError';
  }
}

/** Socket-level failures reaching the server. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server going away: class 08 (connection exception), 57P01 admin_shutdown, 57P02
 * crash_shutdown, 57P03 cannot_connect_now (starting up or in recovery), 53300 too_many_connections.
 */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);

/** node-postgres reports a lost or timed-out connection as a plain Error with one of these messages. */
const LOST_CONNECTION =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable/i;

export function isUnavailable(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith('08')))
    return true;
  if (error instanceof AggregateError) return error.errors.some(isUnavailable);
  return LOST_CONNECTION.test(error.message);
}

/** `error` as a StoreUnavailableError when it means the database is unreachable; otherwise unchanged. */
export const asUnavailable = (error: unknown): unknown =>
  isUnavailable(error) && !(error instanceof StoreUnavailableError) ? new StoreUnavailableError(error) : error;
