import type { TrustProfile } from '@keybs/contract';
import { CompactSign } from 'jose';
import type { Store } from '../store/store.js';
import { REPORT_ALG, type SigningKeys } from './signing-keys.js';

export const PROFILE_JWS_TYPE = 'keybs-profile+jws';

/**
 * The public trust profile behind `report_url`: the minimum a counter-party needs, signed with the report key
 * so it can be checked offline. Only decided verifications have one; nothing private is in it.
 */
export class Profiles {
  constructor(
    private readonly store: Store,
    private readonly keys: SigningKeys,
    private readonly publicUrl: () => string,
  ) {}

  async get(id: string): Promise<TrustProfile | undefined> {
    const v = (await this.store.verifications.get(true, id)) ?? (await this.store.verifications.get(false, id));
    if (!v?.decision) return undefined;
    const jwksUrl = `${this.publicUrl()}/.well-known/jwks.json`;
    const verified = v.decision.recommendation === 'proceed' || v.decision.recommendation === 'proceed_with_controls';
    const report = await this.store.reports.get(v.livemode, v.id);
    const unsigned = {
      object: 'trust_profile' as const,
      verification_id: v.id,
      supplier: v.supplier,
      country_code: v.countryCode,
      status: verified ? ('verified' as const) : ('not_verified' as const),
      risk_band: v.decision.risk_band,
      signed_at: v.decision.signed_at,
      livemode: v.livemode,
      verified_by: 'KeyBS' as const,
      report_kid: report?.kid ?? null,
      jwks_url: jwksUrl,
      how_to_verify: `Verify "jws" (EdDSA) with the key of its kid from ${jwksUrl}; its payload is this object without "jws".`,
    };
    const key = await this.keys.signingKey();
    const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(unsigned)))
      .setProtectedHeader({ alg: REPORT_ALG, kid: key.kid, typ: PROFILE_JWS_TYPE })
      .sign(key.privateKey);
    return { ...unsigned, jws };
  }
}
