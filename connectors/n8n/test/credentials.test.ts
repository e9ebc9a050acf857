import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../core/test/helpers/hub.js';
import { type InstalledPackage, installPackage, loadEngine, NODE } from './engine.js';

// The credential test as n8n runs it: the node's `testedBy` method in n8n-core's CredentialTestContext.

let hub: TestHub;
let pkg: InstalledPackage;
beforeAll(async () => {
  hub = await startTestHub();
  pkg = await installPackage();
});
afterAll(async () => {
  pkg?.remove();
  await hub?.close();
});

async function testCredential(data: { apiKey: string; baseUrl: string }) {
  const { core } = loadEngine();
  const node = pkg.nodeTypes.getByNameAndVersion(NODE, 1);
  const testedBy = node.description.credentials.find((c: any) => c.name === 'keyBsApi').testedBy;
  const test = node.methods.credentialTest[testedBy];
  return test.call(new core.CredentialTestContext(), { id: 'c1', name: 'KeyBS', type: 'keyBsApi', data });
}

it('passes for a valid key, and for a valid key without verifications:read (it authenticated)', async () => {
  expect(await testCredential({ apiKey: hub.testKey, baseUrl: hub.url })).toEqual({
    status: 'OK',
    message: 'Connection successful',
  });
  const narrow = await hub.key('test', ['coverage:read']);
  expect(await testCredential({ apiKey: narrow, baseUrl: `${hub.url}/` })).toMatchObject({ status: 'OK' });
});

it("fails for an invalid key with the hub's own message and code", async () => {
  const bad = 'sk_test_not_a_real_key';
  const direct = await hub.request('GET', '/v1/verifications?limit=1', { key: bad });
  expect(direct.status).toBe(401);
  expect(await testCredential({ apiKey: bad, baseUrl: hub.url })).toEqual({
    status: 'Error',
    message: `${direct.json.error.message} (${direct.json.error.code})`,
  });
});

it('fails saying where it could not connect', async () => {
  const result = await testCredential({ apiKey: hub.testKey, baseUrl: 'http://127.0.0.1:1' });
  expect(result.status).toBe('Error');
  expect(result.message).toMatch(/^Could not reach the hub at http:\/\/127\.0\.0\.1:1\/v1\/verifications: /);
});
