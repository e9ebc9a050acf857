import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_DIR, listFiles } from '../src/app-dir.js';
import { appFiles } from '../src/app-files.js';
import { connection, modules, webhook } from '../src/components.js';

const generated = appFiles();

describe('the committed Make app', () => {
  it('is exactly what the generator writes from the contract (run `npm run generate -w connectors/make`)', () => {
    expect(listFiles(APP_DIR)).toEqual([...generated.keys()].sort());
    for (const [path, content] of generated) {
      expect(readFileSync(join(APP_DIR, path), 'utf8'), path).toBe(content);
    }
  });

  it('has a manifest naming every code file, each of which exists', () => {
    const manifest = JSON.parse(generated.get('makecomapp.json') ?? '{}');
    const named = [
      ...Object.values(manifest.generalCodeFiles),
      ...Object.values(manifest.components).flatMap((group: any) =>
        Object.values(group).flatMap((c: any) => Object.values(c.codeFiles)),
      ),
    ].filter((p) => p !== null);
    expect([...named, 'makecomapp.json'].sort()).toEqual([...generated.keys()].sort());
    expect(Object.keys(manifest.components.module)).toEqual(Object.keys(modules));
    expect(manifest.components.module.watchEvents).toMatchObject({
      moduleType: 'instant_trigger',
      webhook: 'keybsEvents',
    });
  });

  it('only reads parameters that the component declares', () => {
    const used = (request: unknown) =>
      [...JSON.stringify(request).matchAll(/parameters\.(\w+)/g)].map((m) => m[1] as string);
    const names = (fields: Array<{ name: string }>) => fields.map((f) => f.name);
    for (const [id, m] of Object.entries(modules)) {
      for (const name of used(m.communication)) expect(names(m.mappableParams), `${id} uses ${name}`).toContain(name);
    }
    for (const name of used(connection.communication)) expect(names(connection.params)).toContain(name);
    for (const name of used(webhook.attach)) expect(names(webhook.params)).toContain(name);
  });

  it('takes its order fields from the contract', () => {
    const params = modules.orderVerification?.mappableParams ?? [];
    expect(params.map((p) => p.name)).toEqual([
      'supplier',
      'country_code',
      'registration_id',
      'package',
      'external_ref',
      'metadata',
      'beneficiaries',
      'webhook_url',
      'idempotency_key',
    ]);
    expect(params.find((p) => p.name === 'package')).toMatchObject({ type: 'select', default: 'standard' });
    expect(params.filter((p) => p.required).map((p) => p.name)).toEqual([
      'supplier',
      'country_code',
      'registration_id',
    ]);
  });
});
