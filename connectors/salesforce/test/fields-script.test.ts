import { afterEach, describe, expect, it } from 'vitest';
import { FakeSalesforce } from '../../../test/fakes/salesforce.js';
import { SalesforceConfig } from '../src/config.js';
import { createFields } from '../src/create-fields.js';

let sf: FakeSalesforce | undefined;
afterEach(async () => {
  await sf?.close();
});

describe('salesforce-fields', () => {
  it('creates the seven KeyBS fields on Account through the Metadata API (SOAP upsertMetadata)', async () => {
    sf = await FakeSalesforce.start();
    sf.fields.clear();
    const config = SalesforceConfig.parse({ instanceUrl: sf.url, accessToken: '00Dfake!static-token' });
    expect(await createFields(config)).toEqual([
      'Account.Verified_by_KeyBS__c: created',
      'Account.KeyBS_Trust_Score__c: created',
      'Account.KeyBS_Risk_Band__c: created',
      'Account.KeyBS_Recommendation__c: created',
      'Account.KeyBS_Verification_Id__c: created',
      'Account.KeyBS_Report_URL__c: created',
      'Account.KeyBS_Verified_At__c: created',
    ]);
    const [call] = sf.calls.filter((c) => c.path.startsWith('/services/Soap/m/'));
    expect(call?.path).toBe('/services/Soap/m/62.0');
    expect(call?.body).toContain('<sessionId>00Dfake!static-token</sessionId>');
    expect(call?.body).toMatch(/<upsertMetadata[ >]/);
    expect(call?.body).toContain('<type>Checkbox</type>');
    // Running it again updates instead of failing.
    expect((await createFields(config))[0]).toBe('Account.Verified_by_KeyBS__c: updated');
  });

  it('reports a refused session', async () => {
    sf = await FakeSalesforce.start();
    const config = SalesforceConfig.parse({ instanceUrl: sf.url, accessToken: 'expired' });
    await expect(createFields(config)).rejects.toThrow(/INVALID_SESSION_ID/);
  });
});
