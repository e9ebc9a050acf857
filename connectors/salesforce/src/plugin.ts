import {
  definePlugin,
  type EventFailure,
  PermanentError,
  type PluginEvent,
  type PluginHealth,
} from '@keybs/core/plugins';
import { SalesforceConfig } from './config.js';
import { type AccountUpdate, accountIdOf, accountUpdate } from './fields.js';
import { SalesforceError, SalesforceTransport, type SaveResult } from './transport.js';

type Decided = Extract<PluginEvent, { type: 'verification.completed' }>;

/**
 * `@keybs/connector-salesforce`: on each decision, writes the KeyBS fields of the supplier's Account. The hub
 * hands decisions over in batches (one per verification at a time); each batch of up to 200 becomes one
 * sObject Collections call, and each record's own result decides that event's fate: done, retried, or
 * dead-lettered with Salesforce's error code and message.
 */
export const salesforcePlugin = definePlugin({
  name: '@keybs/connector-salesforce',
  version: '0.1.0',
  core: '^0.1.0',
  config: SalesforceConfig,
  events: ['verification.completed'],
  setup({ config, hub, logger }) {
    const transport = new SalesforceTransport(config);
    const environments = new Set(config.environments);
    let health: PluginHealth = { status: 'ok', detail: 'no call yet' };

    /** The Account update of a decision, or null when the decision names no Account (nothing to do). */
    async function updateOf(e: Decided): Promise<AccountUpdate | null> {
      if (!environments.has(e.livemode ? 'live' : 'test')) return null;
      const verification = await hub.getVerification(e.livemode, e.payload.verification_id);
      const accountId = accountIdOf(verification?.metadata, e.payload.external_ref);
      return accountId === null ? null : accountUpdate(accountId, e.payload);
    }

    async function sync(events: PluginEvent[], signal: AbortSignal): Promise<EventFailure[]> {
      // The latest decision per Account wins within a batch (Salesforce refuses a duplicate id in one call).
      const byAccount = new Map<string, { event: PluginEvent; record: AccountUpdate }>();
      for (const event of events) {
        if (event.type !== 'verification.completed') continue;
        const record = await updateOf(event);
        if (record) byAccount.set(record.Id, { event, record });
      }
      const pending = [...byAccount.values()];
      const failures: EventFailure[] = [];
      for (let i = 0; i < pending.length; i += config.batchSize) {
        const chunk = pending.slice(i, i + config.batchSize);
        let results: SaveResult[];
        try {
          results = await transport.updateAccounts(
            chunk.map((c) => c.record),
            signal,
          );
        } catch (error) {
          health = { status: 'down', detail: (error as Error).message };
          for (const c of chunk) failures.push({ eventId: c.event.id, error });
          continue;
        }
        health = { status: 'ok' };
        chunk.forEach((c, n) => {
          const result = results[n];
          if (result?.success) return;
          const first = result?.errors[0];
          const code = first?.statusCode ?? first?.errorCode ?? 'UNKNOWN_ERROR';
          const error = new SalesforceError(
            code,
            `${first?.message ?? 'no result for this record'} (Account ${c.record.Id})`,
          );
          failures.push({ eventId: c.event.id, error: error.retryable ? error : new PermanentError(error.message) });
        });
      }
      logger.debug({ events: events.length, accounts: pending.length, failed: failures.length }, 'salesforce sync');
      return failures;
    }

    return {
      batchSize: config.batchSize,
      onEvents: sync,
      health: () => health,
    };
  },
});
