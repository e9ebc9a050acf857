import type { Migration } from '../../sqlite/migrations/index.js';
import { initial } from './001-initial.js';
import { webhooks } from './002-webhooks.js';
import { sanctions } from './003-sanctions.js';
import { registry } from './004-registry.js';
import { reviews } from './005-reviews.js';
import { deliveryQueue } from './006-delivery-queue.js';
import { versions } from './007-versions.js';
import { documents } from './008-documents.js';
import { documentChecks } from './009-document-checks.js';
import { users } from './010-users.js';
import { signingKeys } from './011-signing-keys.js';
import { plugins } from './012-plugins.js';
import { consoleSessions } from './013-console-sessions.js';
import { sharedState } from './014-shared-state.js';

/**
 * The PostgreSQL schema history: the same versions and names as SQLite's (a test holds them equal), each
 * translated to PostgreSQL types. Append only: never edit a released migration.
 */
export const PG_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'webhooks', sql: webhooks },
  { version: 3, name: 'sanctions', sql: sanctions },
  { version: 4, name: 'registry', sql: registry },
  { version: 5, name: 'reviews', sql: reviews },
  { version: 6, name: 'delivery-queue', sql: deliveryQueue },
  { version: 7, name: 'versions', sql: versions },
  { version: 8, name: 'documents', sql: documents },
  { version: 9, name: 'document-checks', sql: documentChecks },
  { version: 10, name: 'users', sql: users },
  { version: 11, name: 'signing-keys', sql: signingKeys },
  { version: 12, name: 'plugins', sql: plugins },
  { version: 13, name: 'console-sessions', sql: consoleSessions },
  { version: 14, name: 'shared-state', sql: sharedState },
];
