import { initial } from './001-initial.js';
import { webhooks } from './002-webhooks.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The schema history, applied in order at start. Append only: never edit a released migration. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'webhooks', sql: webhooks },
];
