import type { Decision } from '@keybs/core/plugins';

/** The custom fields the plugin writes on Account (contract §8), with their Metadata API definitions. */
export const KEYBS_FIELDS = [
  { name: 'Verified_by_KeyBS__c', label: 'Verified by KeyBS', type: 'Checkbox', defaultValue: 'false' },
  { name: 'KeyBS_Trust_Score__c', label: 'KeyBS Trust Score', type: 'Number', precision: 3, scale: 0 },
  { name: 'KeyBS_Risk_Band__c', label: 'KeyBS Risk Band', type: 'Text', length: 16 },
  { name: 'KeyBS_Recommendation__c', label: 'KeyBS Recommendation', type: 'Text', length: 32 },
  { name: 'KeyBS_Verification_Id__c', label: 'KeyBS Verification Id', type: 'Text', length: 32 },
  { name: 'KeyBS_Report_URL__c', label: 'KeyBS Report URL', type: 'Url' },
  { name: 'KeyBS_Verified_At__c', label: 'KeyBS Verified At', type: 'DateTime' },
] as const;

export type AccountUpdate = {
  Id: string;
  Verified_by_KeyBS__c: boolean;
  KeyBS_Trust_Score__c: number;
  KeyBS_Risk_Band__c: string;
  KeyBS_Recommendation__c: string;
  KeyBS_Verification_Id__c: string;
  KeyBS_Report_URL__c: string;
  KeyBS_Verified_At__c: string;
};

/** A Salesforce record id: 15 or 18 characters; Accounts start with the key prefix `001`. */
const ACCOUNT_ID = /^001[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;

/** The Account a decision belongs to: `metadata.salesforce_account_id`, else `external_ref` if it is an Account Id. */
export function accountIdOf(metadata: Record<string, string> | undefined, externalRef: string | null): string | null {
  const named = metadata?.salesforce_account_id;
  if (named) return named;
  return externalRef !== null && ACCOUNT_ID.test(externalRef) ? externalRef : null;
}

export function accountUpdate(accountId: string, d: Decision): AccountUpdate {
  return {
    Id: accountId,
    Verified_by_KeyBS__c: d.recommendation === 'proceed' || d.recommendation === 'proceed_with_controls',
    KeyBS_Trust_Score__c: d.trust_score,
    KeyBS_Risk_Band__c: d.risk_band,
    KeyBS_Recommendation__c: d.recommendation,
    KeyBS_Verification_Id__c: d.verification_id,
    KeyBS_Report_URL__c: d.report_url,
    KeyBS_Verified_At__c: d.signed_at,
  };
}
