import type Database from 'better-sqlite3';
import type { WebhookEndpointRecord } from '../webhook-records.js';
import type { WebhookStore } from '../webhook-store.js';
import { type EndpointRow, endpointFromRow, endpointToRow } from './webhook-rows.js';

type EndpointStore = Pick<
  WebhookStore,
  'insertEndpoint' | 'getEndpoint' | 'findEnabledByUrl' | 'listEndpoints' | 'updateEndpoint'
>;

/** The webhook endpoints table. */
export function sqliteWebhookEndpoints(db: Database.Database): EndpointStore {
  const ENDPOINT_COLUMNS = Object.keys(endpointToRow({} as WebhookEndpointRecord));
  const insertEndpoint = db.prepare(
    `INSERT INTO webhook_endpoints (${ENDPOINT_COLUMNS.join(', ')}, seq) VALUES (${ENDPOINT_COLUMNS.map((c) => `@${c}`).join(', ')},
      (SELECT coalesce(max(seq), 0) + 1 FROM webhook_endpoints))`,
  );
  const updateEndpoint = db.prepare(
    `UPDATE webhook_endpoints SET ${ENDPOINT_COLUMNS.filter((c) => c !== 'id')
      .map((c) => `${c} = @${c}`)
      .join(', ')} WHERE id = @id`,
  );
  const getEndpoint = db.prepare(
    'SELECT * FROM webhook_endpoints WHERE id = ? AND livemode = ? AND deleted_at IS NULL',
  );
  const byUrl = db.prepare(`SELECT * FROM webhook_endpoints WHERE livemode = ? AND url = ? AND status = 'enabled'
    AND deleted_at IS NULL ORDER BY seq DESC LIMIT 1`);
  const endpointSeq = db.prepare('SELECT seq FROM webhook_endpoints WHERE id = ? AND livemode = ?');
  const listEndpoints = db.prepare(`SELECT * FROM webhook_endpoints WHERE livemode = @livemode AND deleted_at IS NULL
    AND seq < @before ORDER BY seq DESC LIMIT @limit`);
  const page = <R>(rows: R[], limit: number) => ({ data: rows.slice(0, limit), hasMore: rows.length > limit });

  return {
    async insertEndpoint(e) {
      insertEndpoint.run(endpointToRow(e));
    },
    async getEndpoint(livemode, id) {
      const r = getEndpoint.get(id, livemode ? 1 : 0) as EndpointRow | undefined;
      return r && endpointFromRow(r);
    },
    async findEnabledByUrl(livemode, url) {
      const r = byUrl.get(livemode ? 1 : 0, url) as EndpointRow | undefined;
      return r && endpointFromRow(r);
    },
    async listEndpoints(livemode, limit, startingAfter) {
      let before = Number.MAX_SAFE_INTEGER;
      if (startingAfter) {
        const anchor = endpointSeq.get(startingAfter, livemode ? 1 : 0) as { seq: number } | undefined;
        if (!anchor) return undefined;
        before = anchor.seq;
      }
      const rows = listEndpoints.all({ livemode: livemode ? 1 : 0, before, limit: limit + 1 }) as EndpointRow[];
      return page(rows.map(endpointFromRow), limit);
    },
    async updateEndpoint(e) {
      updateEndpoint.run(endpointToRow(e));
    },
  };
}
