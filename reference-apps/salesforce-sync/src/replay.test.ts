import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../../core/test/helpers/hub.js';
import { CLIENT_ID, CLIENT_SECRET, FakeSalesforce } from '../../../test/fakes/salesforce.js';
import { formatTable, replayDecisions, type SampleSupplier } from './replay.js';

const here = (file: string) => new URL(`../${file}`, import.meta.url);
let hub: TestHub | undefined;
let sf: FakeSalesforce | undefined;
afterEach(async () => {
  await hub?.close();
  await sf?.close();
  hub = sf = undefined;
});

/** The sample config file as shipped, pointed at the Salesforce fake instead of a sandbox. */
async function start() {
  sf = await FakeSalesforce.start();
  const config = JSON.parse(readFileSync(here('keybs.sample.json'), 'utf8'));
  Object.assign(config.plugins[0].config, { instanceUrl: sf.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  const file = join(mkdtempSync(join(tmpdir(), 'keybs-sf-sync-')), 'keybs.json');
  writeFileSync(file, JSON.stringify(config));
  hub = await startTestHub({ env: { KEYBS_CONFIG: file, KEYBS_RATE_LIMIT_PER_SECOND: '0' } });
  return { hub, sf };
}

describe('salesforce-sync: replaying the sample decisions', () => {
  it('writes every sample decision to its Account through the plugin, signed in with client credentials', async () => {
    const { hub, sf } = await start();
    const sample = JSON.parse(readFileSync(here('sample-decisions.json'), 'utf8')) as SampleSupplier[];
    sf.seed(...sample.map((s) => s.salesforce_account_id));

    const result = await replayDecisions({ hubUrl: hub.url, apiKey: hub.testKey, sample });

    expect(result.plugin).toEqual({ delivered: sample.length, dead_letters: 0, last_error: null });
    for (const row of result.rows) {
      expect(sf.accounts.get(row.account)).toMatchObject({
        KeyBS_Verification_Id__c: row.verification_id,
        KeyBS_Recommendation__c: row.recommendation,
        KeyBS_Trust_Score__c: row.trust_score,
        Verified_by_KeyBS__c: row.recommendation === 'proceed' || row.recommendation === 'proceed_with_controls',
      });
    }
    expect(new Set(result.rows.map((r) => r.recommendation))).toContain('reject'); // the sample shows both sides
    const tokens = sf.calls.filter((c) => c.path === '/services/oauth2/token');
    expect(tokens.length).toBeGreaterThan(0);
    for (const t of tokens) expect(new URLSearchParams(t.body).get('grant_type')).toBe('client_credentials');
    const written = sf.collectionCalls().flatMap((c) => JSON.parse(c.body).records.map((r: { id: string }) => r.id));
    expect(written.sort()).toEqual(sample.map((s) => s.salesforce_account_id).sort());

    const table = formatTable(result.rows).split('\n');
    expect(table[0]).toMatch(/^account\s+supplier\s+verification\s+recommendation\s+trust$/);
    expect(table).toHaveLength(sample.length + 2);
  });

  it('reports a dead letter when an Account is missing from the org', async () => {
    const { hub, sf } = await start();
    const sample = [{ supplier: 'Northwind Traders Ltd', salesforce_account_id: '001000000000999AAA' }];
    const result = await replayDecisions({ hubUrl: hub.url, apiKey: hub.testKey, sample });
    expect(result.plugin).toMatchObject({
      dead_letters: 1,
      last_error: 'INVALID_CROSS_REFERENCE_KEY: invalid cross reference id (Account 001000000000999AAA)',
    });
    expect(sf.accounts.size).toBe(0);
  });
});
