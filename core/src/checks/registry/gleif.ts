import { z } from 'zod';
import { hasValidLeiChecksum, leiShaped } from '../../jurisdictions/identifiers/lei.js';
import { formatAddress, isoDate } from './address.js';
import { gleifStatus } from './gleif-status.js';
import type { RegistryLookup, RegistryProvider } from './provider.js';
import { getJson } from './transport.js';

export interface GleifOptions {
  /** The API root; a fake's URL in tests. */
  baseUrl?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** The clock for `asOf`; `Date.now` by default. */
  now?: () => number;
}

const Address = z.object({
  addressLines: z.array(z.string()).nullish(),
  city: z.string().nullish(),
  region: z.string().nullish(),
  country: z.string().nullish(),
  postalCode: z.string().nullish(),
});

/** The parts of GLEIF's JSON:API `lei-records` document that a registry record needs. */
const LeiRecordDocument = z.object({
  data: z.object({
    id: z.string(),
    attributes: z.object({
      lei: z.string(),
      entity: z.object({
        legalName: z.object({ name: z.string() }),
        legalAddress: Address.nullish(),
        jurisdiction: z.string().nullish(),
        status: z.string().nullish(),
        expiration: z.object({ reason: z.string().nullish() }).nullish(),
        creationDate: z.string().nullish(),
      }),
      registration: z.object({ status: z.string(), lastUpdateDate: z.string().nullish() }),
    }),
  }),
});

/** The normalized LEI when `registrationId` is one (20 characters with valid check digits), else `null`. */
export function asLei(registrationId: string): string | null {
  const lei = leiShaped(registrationId);
  return lei !== null && hasValidLeiChecksum(lei) ? lei : null;
}

/**
 * The GLEIF LEI API (https://api.gleif.org/api/v1, no key): one `GET /lei-records/{lei}`. It covers every
 * country, but only LEIs: a national registration number is for another provider. Status mapping: see
 * `gleifStatus`.
 */
export function gleifProvider(options: GleifOptions = {}): RegistryProvider {
  const baseUrl = (options.baseUrl ?? 'https://api.gleif.org/api/v1').replace(/\/+$/, '');
  const http = {
    timeoutMs: options.timeoutMs ?? 10_000,
    headers: { accept: 'application/vnd.api+json' },
    ...(options.fetch && { fetch: options.fetch }),
  };
  const now = options.now ?? Date.now;
  return {
    name: 'GLEIF LEI register',
    covers: (_countryCode, registrationId) => registrationId === undefined || asLei(registrationId) !== null,
    async lookup({ registrationId }): Promise<RegistryLookup> {
      const lei = asLei(registrationId);
      // Not `found: false`: GLEIF was never asked, so it cannot say the company does not exist.
      if (lei === null) throw new Error(`GLEIF looks up LEIs only; '${registrationId}' is not one`);
      const reply = await getJson('GLEIF', `${baseUrl}/lei-records/${lei}`, http);
      if (reply.status === 404) return { found: false };
      if (reply.status !== 200) throw new Error(`GLEIF answered HTTP ${reply.status} for ${lei}`);
      const parsed = LeiRecordDocument.safeParse(reply.body);
      if (!parsed.success) throw new Error(`GLEIF answered an unexpected document for ${lei}: ${parsed.error.message}`);
      const { entity, registration } = parsed.data.data.attributes;
      const status = gleifStatus({
        entityStatus: entity.status,
        registrationStatus: registration.status,
        expirationReason: entity.expiration?.reason,
      });
      if (status === null) {
        throw new Error(
          `GLEIF reports statuses this hub does not know for ${lei}: ${entity.status}/${registration.status}`,
        );
      }
      const address = entity.legalAddress;
      return {
        found: true,
        record: {
          status: status.status,
          statusDetail: status.detail,
          legalName: entity.legalName.name.trim(),
          registrationId: parsed.data.data.attributes.lei,
          incorporatedOn: isoDate(entity.creationDate),
          address: address
            ? formatAddress([...(address.addressLines ?? []), address.city, address.postalCode, address.country])
            : null,
          // GLEIF publishes parents (relationship records), not beneficial owners.
          owners: null,
          jurisdiction: entity.jurisdiction ?? null,
          asOf: new Date(now()).toISOString(),
        },
      };
    },
  };
}
