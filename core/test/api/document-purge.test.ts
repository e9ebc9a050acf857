import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/env.js';
import { BASIC_GB, eventually, startTestHub } from '../helpers/hub.js';

const dataDir = mkdtempSync(join(tmpdir(), 'keybs-purge-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

describe('the scheduled document purge', () => {
  it('catches up at start: content past its retention is gone after a restart', async () => {
    const first = await startTestHub({ dataDir });
    const order = await first.request('POST', '/v1/verifications', { body: BASIC_GB });
    const id = order.json.verification_id as string;
    await eventually(async () =>
      (await first.request('GET', `/v1/verifications/${id}`)).json.status === 'completed' ? true : undefined,
    );
    const form = new FormData();
    form.set('type', 'proof_of_address');
    form.set('file', new Blob([PNG], { type: 'image/png' }), 'bill.png');
    const res = await fetch(`${first.url}/v1/verifications/${id}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${first.testKey}` },
      body: form,
    });
    const doc = (await res.json()) as { id: string };
    await first.close();

    // Retention 0 days: everything decided is past it. The run at start purges it without waiting for 03:30.
    const second = await startTestHub({ dataDir, env: { KEYBS_DOCUMENT_RETENTION_DAYS: '0' } });
    try {
      const meta = await eventually(async () => {
        const m = await second.request('GET', `/v1/verifications/${id}/documents/${doc.id}`, { key: second.testKey });
        return m.json.purged_at ? m.json : undefined;
      });
      expect(meta.purged_at).toMatch(/Z$/);
      const content = await second.request('GET', `/v1/verifications/${id}/documents/${doc.id}/content`);
      expect(content.status).toBe(410);
    } finally {
      await second.close();
    }
  });

  it('refuses a schedule that is not a cron expression, saying so', () => {
    expect(() => parseEnv({ KEYBS_DOCUMENT_PURGE_SCHEDULE: 'every night' })).toThrow(
      /KEYBS_DOCUMENT_PURGE_SCHEDULE.*cron/s,
    );
    expect(parseEnv({ KEYBS_DOCUMENT_PURGE_SCHEDULE: '0 2 * * 0' }).KEYBS_DOCUMENT_PURGE_SCHEDULE).toBe('0 2 * * 0');
  });
});
