import { afterEach, describe, expect, it } from 'vitest';
import { expectError, type TestHub } from '../helpers/hub.js';
import { ticks } from './fixtures/with-routes.js';
import { fixture, startPluginHub } from './plugin-hub.js';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('a misconfigured plugin stops the start with the reason', () => {
  const refusals: [string, unknown[], RegExp][] = [
    [
      'invalid config',
      [{ package: fixture('recorder'), config: { label: '', colour: 'red' } }],
      /^plugin recorder \(.*recorder\.ts\): invalid config: label: .*>=1 character.*; \(config\): Unrecognized key: "colour"$/,
    ],
    [
      'an unsupported core version',
      [{ package: fixture('future-core') }],
      /^plugin from-the-future \(.*\): supports KeyBS core \^9\.0\.0, but this hub is 0\.1\.0; install a compatible version$/,
    ],
    [
      'a missing package',
      [{ package: '@keybs/connector-nowhere' }],
      /^plugin @keybs\/connector-nowhere: cannot load the package: /,
    ],
    ['a module without a definition', [{ package: fixture('not-a-plugin') }], /: exports no plugin definition/],
    [
      'a setup that throws',
      [{ package: fixture('setup-fails') }],
      /^plugin setup-fails: setup failed: cannot reach https:\/\/example\.invalid/,
    ],
    ['the same plugin twice', [{ package: fixture('recorder') }, { package: fixture('recorder') }], /is listed twice/],
    [
      'a route that shadows a core endpoint',
      [{ package: fixture('with-routes'), config: { path: '/v1/webhooks' } }],
      /^plugin with-routes: route POST \/v1\/webhooks is already served by the core$/,
    ],
    [
      'a route outside /v1/',
      [{ package: fixture('with-routes'), config: { path: '/admin' } }],
      /^plugin with-routes: route POST \/admin must start with \/v1\/$/,
    ],
    [
      'an unknown runner option',
      [{ package: fixture('recorder'), retries: 3 }],
      /plugins\.0: Unrecognized key: "retries"/,
    ],
  ];
  for (const [what, plugins, message] of refusals) {
    it(what, async () => {
      await expect(startPluginHub(plugins)).rejects.toThrow(message);
    });
  }
});

describe('plugin routes and schedules', () => {
  it('serves a plugin endpoint with the hub’s auth, validation and error body, and its own storage', async () => {
    t = await startPluginHub([{ package: fixture('with-routes') }]);
    const ok = await t.request('POST', '/v1/echo', { body: { word: 'hello' } });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json).toEqual({ word: 'hello', stored: { livemode: false } });
    expect(ok.headers.get('x-request-id')).toMatch(/^req_/);

    expectError(await t.request('POST', '/v1/echo', { key: null, body: { word: 'x' } }), 401, 'api_key_missing');
    const noScope = await t.key('test', ['coverage:read']);
    expectError(await t.request('POST', '/v1/echo', { key: noScope, body: { word: 'x' } }), 403, 'insufficient_scope');
    expectError(
      await t.request('POST', '/v1/echo', { body: { word: '' } }),
      422,
      'validation_failed',
      undefined,
      'word',
    );
    expectError(await t.request('POST', '/v1/echo', { body: { word: 'teapot' } }), 404, 'resource_not_found');
    expectError(await t.request('GET', '/v1/echo'), 405, 'method_not_allowed');

    const listed = await t.request('GET', '/v1/plugins');
    expect(listed.json.data).toEqual([
      expect.objectContaining({ name: 'with-routes', state: 'running', events: [], lag: 0, health: null }),
    ]);
    expect(listed.json.data[0].schedules).toEqual([
      { name: 'tick', cron: '0 0 1 1 *', timezone: 'UTC', running: false, last_run_at: null, last_error: null },
    ]);
  });

  it('runs a scheduled job on demand and shows when it last ran', async () => {
    t = await startPluginHub([{ package: fixture('with-routes') }]);
    const before = ticks.length;
    await t.hub.services.plugins.runSchedule('with-routes', 'tick');
    expect(ticks.length).toBe(before + 1);
    const listed = await t.request('GET', '/v1/plugins');
    expect(listed.json.data[0].schedules[0].last_run_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('lists no plugins without a config file, and needs a key', async () => {
    t = await startPluginHub([]);
    expect((await t.request('GET', '/v1/plugins')).json).toEqual({ data: [] });
    expectError(await t.request('GET', '/v1/plugins', { key: null }), 401, 'api_key_missing');
  });
});
