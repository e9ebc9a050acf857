import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAppHandler } from 'zapier-platform-core';
import { app } from '../src/app.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Runs Zapier's own validator: the `validate` command of the app handler, which `zapier validate` uses. */
async function zapierValidate(definition: unknown): Promise<unknown[]> {
  const reply = (await createAppHandler(definition as object)({ command: 'validate' } as any)) as any;
  expect(reply.status).toBe('SUCCESS');
  return reply.results;
}

describe('the Zapier app definition', () => {
  it("passes Zapier's schema validation", async () => {
    expect(await zapierValidate(app)).toEqual([]);
  });

  it('is checked for real: a definition with a mismatched key is refused', async () => {
    const broken = { ...app, creates: { order: app.creates.order_verification } };
    const errors = await zapierValidate(broken);
    const messages = (errors as Array<{ message: string }>).map((e) => e.message);
    expect(messages).toContain('must have a matching top-level key (found "order" and "order_verification")');
  });

  it("keys every trigger, create and search by the action's own key", () => {
    for (const group of [app.triggers, app.creates, app.searches]) {
      for (const [key, action] of Object.entries(group)) expect(action.key).toBe(key);
    }
    expect(Object.keys(app.triggers).sort()).toEqual(['decision_issued', 'list_countries', 'status_changed']);
    expect(Object.keys(app.creates)).toEqual(['order_verification']);
    expect(Object.keys(app.searches)).toEqual(['find_verification']);
  });

  it('uses custom auth with the fields api_key and base_url', () => {
    expect(app.authentication.type).toBe('custom');
    expect(app.authentication.fields.map((f) => f.key)).toEqual(['api_key', 'base_url']);
  });

  it('feeds the country dropdown from a trigger that exists', () => {
    const country = app.creates.order_verification.operation.inputFields.find((f) => f.key === 'country_code');
    const [triggerKey] = String((country as { dynamic?: string }).dynamic).split('.');
    expect(app.triggers[triggerKey as string]).toBeDefined();
  });

  it('is what the built package main exports to require(), as Zapier loads it', () => {
    const require = createRequire(import.meta.url);
    const pkg = require('../package.json');
    // A plain Node process: vitest's own module loader would stand in for require() here.
    const script = `const app = require(${JSON.stringify(join(here, '..'))});
      console.log(JSON.stringify({ version: app.version, triggers: Object.keys(app.triggers), fields: app.authentication.fields }));`;
    const built = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
    expect(pkg.main).toBe('dist/index.js');
    expect(built).toEqual({
      version: pkg.version,
      triggers: Object.keys(app.triggers),
      fields: app.authentication.fields,
    });
  });
});
