import { type CryptoKey, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { SecretBox } from '../crypto/master-key.js';
import type { Clock } from '../domain/clock.js';
import type { ReportStore, SigningKeyRecord } from '../store/report-store.js';

export const REPORT_ALG = 'EdDSA';

export interface JsonWebKeySet {
  keys: JWK[];
}

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

/**
 * The hub's report signing keys: Ed25519, created at first start, the private half kept sealed under the
 * master key. Rotation makes a new current key; every key ever used stays in the JWKS so old reports verify.
 */
export class SigningKeys {
  private cached: SigningKey | undefined;

  constructor(
    private readonly store: ReportStore,
    private readonly box: SecretBox,
    private readonly clock: Clock,
  ) {}

  /**
   * The key new reports are signed with (the first is created on first use). Read from the store each time
   * (one small query), so a rotation made by `keybs signing-keys rotate` beside a running hub takes effect.
   */
  async signingKey(): Promise<SigningKey> {
    let active = (await this.store.keys()).find((k) => k.retiredAt === null);
    if (!active) {
      await this.store.insertFirstKey(await this.newKey());
      active = (await this.store.keys()).find((k) => k.retiredAt === null);
    }
    if (!active) throw new Error('no signing key could be created');
    if (this.cached?.kid !== active.kid) {
      const jwk = JSON.parse(this.box.open(active.sealedPrivate, active.kid)) as JWK;
      this.cached = { kid: active.kid, privateKey: (await importJWK(jwk, REPORT_ALG)) as CryptoKey };
    }
    return this.cached;
  }

  /** Makes a new key current; the previous one stays published. Returns the new kid. */
  async rotate(): Promise<string> {
    const key = await this.newKey();
    await this.store.rotateTo(key);
    return key.kid;
  }

  /** Every public key, oldest first (RFC 7517 JWK Set). */
  async jwks(): Promise<JsonWebKeySet> {
    const keys = await this.store.keys();
    return { keys: keys.map((k) => ({ ...k.publicJwk, kid: k.kid, alg: REPORT_ALG, use: 'sig' }) as JWK) };
  }

  list(): Promise<SigningKeyRecord[]> {
    return this.store.keys();
  }

  private async newKey(): Promise<SigningKeyRecord> {
    const { publicKey, privateKey } = await generateKeyPair(REPORT_ALG, { crv: 'Ed25519', extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const privateJwk = await exportJWK(privateKey);
    return {
      kid,
      publicJwk: { kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x },
      sealedPrivate: this.box.seal(JSON.stringify(privateJwk), kid),
      createdAt: this.clock.now(),
      retiredAt: null,
    };
  }
}
