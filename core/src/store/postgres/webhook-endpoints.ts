import type { WebhookStore } from '../webhook-store.js';
import type { PgDb } from './db.js';
import { ENDPOINT_COLUMNS, type EndpointRow, endpointFromRow, endpointValues } from './webhook-rows.js';

type EndpointStore = Pick<
  WebhookStore,
  'insertEndpoint' | 'getEndpoint' | 'findEnabledByUrl' | 'listEndpoints' | 'updateEndpoint'
>;

const FIELDS = ENDPOINT_COLUMNS.filter((c) => c !== 'id');

/** The webhook endpoints table; `seq` (list order) comes from the column's identity sequence. */
export function pgWebhookEndpoints(db: PgDb): EndpointStore {
  return {
    async insertEndpoint(e) {
      await db.run(
        `INSERT INTO webhook_endpoints (${ENDPOINT_COLUMNS.join(', ')})
          VALUES (${ENDPOINT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
        endpointValues(e, ENDPOINT_COLUMNS),
      );
    },
    async getEndpoint(livemode, id) {
      const r = await db.one<EndpointRow>(
        'SELECT * FROM webhook_endpoints WHERE id = $1 AND livemode = $2 AND deleted_at IS NULL',
        [id, livemode],
      );
      return r && endpointFromRow(r);
    },
    async findEnabledByUrl(livemode, url) {
      const r = await db.one<EndpointRow>(
        `SELECT * FROM webhook_endpoints WHERE livemode = $1 AND url = $2 AND status = 'enabled'
          AND deleted_at IS NULL ORDER BY seq DESC LIMIT 1`,
        [livemode, url],
      );
      return r && endpointFromRow(r);
    },
    async listEndpoints(livemode, limit, startingAfter) {
      let before = Number.MAX_SAFE_INTEGER;
      if (startingAfter) {
        const anchor = await db.one<{ seq: number }>(
          'SELECT seq FROM webhook_endpoints WHERE id = $1 AND livemode = $2',
          [startingAfter, livemode],
        );
        if (!anchor) return undefined;
        before = anchor.seq;
      }
      const rows = await db.query<EndpointRow>(
        `SELECT * FROM webhook_endpoints WHERE livemode = $1 AND deleted_at IS NULL AND seq < $2
          ORDER BY seq DESC LIMIT $3`,
        [livemode, before, limit + 1],
      );
      return { data: rows.slice(0, limit).map(endpointFromRow), hasMore: rows.length > limit };
    },
    async updateEndpoint(e) {
      await db.run(
        `UPDATE webhook_endpoints SET ${FIELDS.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`,
        [e.id, ...endpointValues(e, FIELDS)],
      );
    },
  };
}
