import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASIC_GB, startTestHub, type TestHub } from '../../../core/test/helpers/hub.js';
import { app } from '../src/app.js';
import { appTester, authFor, zapierError } from './helpers.js';

let hub: TestHub;
const ids: string[] = [];
beforeAll(async () => {
  hub = await startTestHub();
  for (const supplier of ['Older Supplier Ltd', 'Newer Supplier Ltd']) {
    const reply = await hub.request('POST', '/v1/verifications', {
      body: { ...BASIC_GB, supplier, external_ref: 'SUP-find' },
    });
    ids.push(reply.json.verification_id);
  }
});
afterAll(async () => {
  await hub?.close();
});

const find = app.searches.find_verification.operation.perform;

describe('find_verification', () => {
  it('finds one by id', async () => {
    const found: any[] = await appTester(find, { authData: authFor(hub), inputData: { verification_id: ids[0] } });
    expect(found.map((v) => [v.verification_id, v.supplier])).toEqual([[ids[0], 'Older Supplier Ltd']]);
  });

  it('finds nothing for an unknown id', async () => {
    const found = await appTester(find, {
      authData: authFor(hub),
      inputData: { verification_id: 'KBS-VR-2026-999999' },
    });
    expect(found).toEqual([]);
  });

  it('finds by external reference, newest first', async () => {
    const found: any[] = await appTester(find, { authData: authFor(hub), inputData: { external_ref: 'SUP-find' } });
    expect(found.map((v) => v.verification_id)).toEqual([ids[1], ids[0]]);
    expect(await appTester(find, { authData: authFor(hub), inputData: { external_ref: 'SUP-none' } })).toEqual([]);
  });

  it('asks for an id or a reference when given neither', async () => {
    const error = await zapierError(appTester(find, { authData: authFor(hub), inputData: {} }));
    expect(error.code).toBe('missing_input');
  });

  it('does not find a live-mode verification with a test key (the hub answers 404)', async () => {
    const live = await hub.request('POST', '/v1/verifications', { key: hub.liveKey, body: BASIC_GB });
    const found = await appTester(find, {
      authData: authFor(hub),
      inputData: { verification_id: live.json.verification_id },
    });
    expect(found).toEqual([]);
  });
});
