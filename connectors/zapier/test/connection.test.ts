import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../core/test/helpers/hub.js';
import { Receiver } from '../../../core/test/helpers/receiver.js';
import { app } from '../src/app.js';
import { appTester, authFor, zapierError } from './helpers.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.close();
});

describe('the connection test', () => {
  it('passes with a valid key and names the mode and the hub', async () => {
    const info = await appTester(app.authentication.test, { authData: authFor(hub) });
    expect(info).toEqual({ mode: 'test', hub: new URL(hub.url).host });
    expect(app.authentication.connectionLabel).toBe('KeyBS {{bundle.inputData.mode}} mode at {{bundle.inputData.hub}}');
  });

  it("fails with an unknown key, showing the hub's message and code", async () => {
    const error = await zapierError(
      appTester(app.authentication.test, { authData: authFor(hub, 'sk_test_00000000000000000000000000000000') }),
    );
    expect(error.code).toBe('api_key_invalid');
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/^The API key is not valid\. \[request req_\w+\]$/);
  });

  it('fails when the key lacks the read scope, naming it', async () => {
    const key = await hub.key('test', ['coverage:read']);
    const error = await zapierError(appTester(app.authentication.test, { authData: authFor(hub, key) }));
    expect(error.code).toBe('insufficient_scope');
    expect(error.message).toContain('verifications:read');
  });

  it('fails with a plain message when the Hub URL is not a KeyBS hub', async () => {
    const elsewhere = await Receiver.start({ behaviour: { status: 404, body: '<html>not here</html>' } });
    try {
      const error = await zapierError(
        appTester(app.authentication.test, { authData: { api_key: hub.testKey, base_url: elsewhere.url } }),
      );
      expect(error.code).toBe('unexpected_response');
    } finally {
      await elsewhere.close();
    }
  });

  it('never sends the key to a host other than the hub', async () => {
    const elsewhere = await Receiver.start();
    try {
      await appTester(async (z: any) => z.request({ url: `${elsewhere.url}/probe` }), { authData: authFor(hub) });
      await appTester(async (z: any) => z.request({ url: `${hub.url}/healthz` }), { authData: authFor(hub) });
      const [probe] = elsewhere.requests;
      expect(probe?.path).toBe('/probe');
      expect(probe?.headers.authorization).toBeUndefined();
    } finally {
      await elsewhere.close();
    }
  });
});
