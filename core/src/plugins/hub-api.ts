import { OrderVerificationRequest } from '@keybs/contract';
import { validationError } from '../api/middleware/errors.js';
import { presentVerification } from '../api/present.js';
import { ApiError } from '../domain/errors.js';
import type { Verifications } from '../domain/verifications.js';
import type { PluginStore } from '../store/plugin-store.js';
import type { DecidedCursor } from '../store/store.js';
import { breathe } from '../worker/breathe.js';
import type { DecisionCursor, PluginHub, PluginStorage } from './definition.js';

/**
 * The hub as a plugin sees it: the same domain calls the API makes, answering in the API's wire shapes.
 * `changed` hears of the verifications a plugin orders (the plugin thread tells the main thread's workers).
 */
export function pluginHub(verifications: Verifications, publicUrl: () => string, changed?: () => void): PluginHub {
  return {
    async getVerification(livemode, id) {
      // A plugin working through a backlog calls this in a loop: let API requests in between.
      await breathe();
      try {
        return presentVerification(await verifications.get(livemode, id));
      } catch (error) {
        if (error instanceof ApiError && error.code === 'resource_not_found') return undefined;
        throw error;
      }
    },
    async findByExternalRef(livemode, externalRef, limit = 20) {
      await breathe();
      const page = await verifications.list({ livemode, externalRef, limit });
      return page.data.map(presentVerification);
    },
    async orderVerification(livemode, order) {
      const parsed = OrderVerificationRequest.safeParse(order);
      if (!parsed.success) throw validationError(parsed.error);
      const outcome = await verifications.order(parsed.data, { livemode });
      if (outcome.kind !== 'created') throw new Error('an order without an Idempotency-Key cannot be a replay');
      changed?.();
      return presentVerification(outcome.view);
    },
    publicUrl,
    async decisions({ livemode, after = null, limit = 1000 }) {
      await breathe();
      const rows = await verifications.decided(livemode, decidedCursor(after), Math.min(Math.max(1, limit), 50_000));
      return rows.map((r) => ({
        decision: JSON.parse(r.decision),
        package: r.package,
        created_at: new Date(r.createdAt).toISOString(),
        decided_at: new Date(r.decidedAt).toISOString(),
        checks: r.checks,
      }));
    },
    countDecisions: ({ livemode, after = null }) => verifications.countDecided(livemode, decidedCursor(after)),
  };
}

function decidedCursor(after: DecisionCursor | null): DecidedCursor | null {
  if (after === null) return null;
  const decidedAt = Date.parse(after.decided_at);
  if (Number.isNaN(decidedAt)) throw new TypeError(`decisions: 'after.decided_at' is not a time: ${after.decided_at}`);
  return { decidedAt, id: after.verification_id };
}

/** One plugin's records, namespaced by its name. */
export function pluginStorage(store: PluginStore, plugin: string, now: () => number): PluginStorage {
  return {
    put: (collection, key, value) => store.putRecord(plugin, collection, key, value, now()),
    get: async <T>(collection: string, key: string) => {
      const record = await store.getRecord(plugin, collection, key);
      return record && { ...record, value: record.value as T };
    },
    delete: (collection, key) => store.deleteRecord(plugin, collection, key),
    list: async <T>(collection: string, options: { prefix?: string; limit?: number } = {}) => {
      const records = await store.listRecords(plugin, collection, { limit: options.limit ?? 100, ...options });
      return records.map((r) => ({ ...r, value: r.value as T }));
    },
  };
}
