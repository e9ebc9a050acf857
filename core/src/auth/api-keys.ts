import { createHash, timingSafeEqual } from 'node:crypto';
import { type Environment, SCOPES, type Scope } from '@keybs/contract';
import type { Clock } from '../domain/clock.js';
import { ApiError } from '../domain/errors.js';
import { newId, randomBase62 } from '../domain/ids.js';
import type { ApiKeyRecord } from '../store/records.js';
import type { KeyStore } from '../store/store.js';

/** 32 base62 characters ≈ 190 random bits. */
const SECRET_LENGTH = 32;
const SECRET_PATTERN = /^sk_(test|live)_[0-9A-Za-z]{32}$/;
/** last_used_at is written at most this often per key, so reads do not turn into writes. */
const TOUCH_INTERVAL_MS = 60_000;

export interface AuthContext {
  keyId: string;
  env: Environment;
  livemode: boolean;
  scopes: ReadonlySet<Scope>;
}

export interface CreatedKey {
  key: ApiKeyRecord;
  /** The only time the secret exists outside the caller's hands. */
  secret: string;
}

/** Keys are stored as SHA-256 of the secret: the secret has enough entropy that no salt or KDF is needed. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export class ApiKeys {
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly store: KeyStore,
    private readonly clock: Clock,
  ) {}

  async create(options: { env: Environment; scopes?: readonly Scope[]; name?: string | null }): Promise<CreatedKey> {
    const created = this.build(options.env, options.scopes ?? SCOPES, options.name ?? null);
    await this.store.insert(created.key);
    return created;
  }

  /** A successor with the same environment, scopes and name; the old key works until now + grace. */
  async rotate(id: string, graceMs: number): Promise<CreatedKey & { previous: ApiKeyRecord }> {
    const old = await this.store.get(id);
    const now = this.clock.now();
    const inactive = !old || old.revokedAt !== null || (old.expiresAt !== null && old.expiresAt <= now);
    if (!old || inactive) throw new ApiError('resource_not_found', `No such active API key: '${id}'.`);
    if (old.rotatedTo !== null) {
      throw new ApiError(
        'resource_not_found',
        `API key '${id}' was already rotated to '${old.rotatedTo}'; rotate that one.`,
      );
    }
    const created = this.build(old.env, old.scopes, old.name);
    const expiresAt = now + graceMs;
    await this.store.rotate(id, expiresAt, created.key);
    return { ...created, previous: { ...old, expiresAt: Math.min(old.expiresAt ?? expiresAt, expiresAt) } };
  }

  async revoke(id: string): Promise<ApiKeyRecord> {
    const key = await this.store.get(id);
    if (!key) throw new ApiError('resource_not_found', `No such API key: '${id}'.`);
    await this.store.revoke(id, this.clock.now());
    return { ...key, revokedAt: key.revokedAt ?? this.clock.now() };
  }

  list(): Promise<ApiKeyRecord[]> {
    return this.store.list();
  }

  /** Resolves the bearer secret to its key, or throws the 401 that says why. */
  async authenticate(secret: string): Promise<AuthContext> {
    if (!SECRET_PATTERN.test(secret)) throw new ApiError('api_key_invalid');
    const hash = hashSecret(secret);
    const key = await this.store.findByHash(hash);
    // The lookup is by hash; the comparison below keeps the final check constant-time all the same.
    if (!key || !timingSafeEqual(Buffer.from(key.secretHash, 'hex'), Buffer.from(hash, 'hex'))) {
      throw new ApiError('api_key_invalid');
    }
    const now = this.clock.now();
    if (key.revokedAt !== null) throw new ApiError('api_key_revoked');
    if (key.expiresAt !== null && key.expiresAt <= now) throw new ApiError('api_key_expired');
    await this.touch(key.id, now);
    return { keyId: key.id, env: key.env, livemode: key.env === 'live', scopes: new Set(key.scopes) };
  }

  private async touch(id: string, now: number): Promise<void> {
    const last = this.touched.get(id);
    if (last !== undefined && now - last < TOUCH_INTERVAL_MS) return;
    this.touched.set(id, now);
    await this.store.touch(id, now);
  }

  private build(env: Environment, scopes: readonly Scope[], name: string | null): CreatedKey {
    const secret = `sk_${env}_${randomBase62(SECRET_LENGTH)}`;
    const key: ApiKeyRecord = {
      id: newId('key'),
      name,
      env,
      scopes: SCOPES.filter((s) => scopes.includes(s)),
      prefix: `${secret.slice(0, 12)}…`,
      secretHash: hashSecret(secret),
      createdAt: this.clock.now(),
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: null,
      rotatedTo: null,
    };
    return { key, secret };
  }
}

/** `24h`, `90m`, `30s`, `7d`, `0` → milliseconds. */
export function parseGrace(text: string): number {
  const match = /^(\d+)\s*(s|m|h|d)?$/.exec(text.trim());
  if (!match) throw new Error(`invalid grace period '${text}': use e.g. 24h, 30m, 7d or 0`);
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}
