import { FakeRegistryServer, type SeenRequest, type Trouble } from './registry-http.js';

/** What a test says about an LEI; the fake writes the full GLEIF `lei-records` document from it. */
export interface FakeLei {
  lei: string;
  legalName: string;
  entityStatus?: 'ACTIVE' | 'INACTIVE' | 'NULL';
  registrationStatus?: string;
  expirationReason?: 'DISSOLVED' | 'CORPORATE_ACTION' | 'OTHER' | null;
  jurisdiction?: string;
  legalAddress?: { addressLines: string[]; city: string; region?: string | null; country: string; postalCode: string };
  creationDate?: string | null;
}

/** LEIs the fake knows from the start (valid ISO 17442 check digits). */
export const GLEIF_LEIS = {
  bloomberg: '5493001KJTIIGC8Y1R12',
  dissolved: '549300DISSOLVED0XY03',
  retired: '549300RETIRED0000X43',
  lapsed: '549300LAPSED00000Y91',
  annulled: '549300ANNULLED000Z62',
  inactive: '529900INACTIVE000Q32',
  merged: '213800MERGED00000089',
  /** Well-formed, but GLEIF has no record: 404. */
  unknown: '98450000HANGS0000059',
} as const;

const SEED: FakeLei[] = [
  {
    lei: GLEIF_LEIS.bloomberg,
    legalName: 'Bloomberg Finance L.P.',
    jurisdiction: 'US-DE',
    legalAddress: {
      addressLines: ['731 Lexington Avenue'],
      city: 'New York',
      region: 'US-NY',
      country: 'US',
      postalCode: '10022',
    },
  },
  {
    lei: GLEIF_LEIS.dissolved,
    legalName: 'Dissolved Widgets GmbH',
    entityStatus: 'INACTIVE',
    registrationStatus: 'RETIRED',
    expirationReason: 'DISSOLVED',
    jurisdiction: 'DE',
    creationDate: '2001-03-14T00:00:00Z',
  },
  { lei: GLEIF_LEIS.retired, legalName: 'Retired Trading SA', registrationStatus: 'RETIRED', jurisdiction: 'FR' },
  { lei: GLEIF_LEIS.lapsed, legalName: 'Lapsed Holdings B.V.', registrationStatus: 'LAPSED', jurisdiction: 'NL' },
  { lei: GLEIF_LEIS.annulled, legalName: 'Annulled Ltd', registrationStatus: 'ANNULLED', jurisdiction: 'GB' },
  {
    lei: GLEIF_LEIS.inactive,
    legalName: 'Dormant Oy',
    entityStatus: 'INACTIVE',
    registrationStatus: 'LAPSED',
    expirationReason: 'OTHER',
    jurisdiction: 'FI',
  },
  {
    lei: GLEIF_LEIS.merged,
    legalName: 'Merged Away S.p.A.',
    registrationStatus: 'MERGED',
    jurisdiction: 'IT',
  },
];

/** GLEIF's JSON:API document for one LEI, as `GET /api/v1/lei-records/{lei}` answers it. */
export function leiRecordDocument(record: FakeLei, base: string) {
  const address = record.legalAddress ?? {
    addressLines: ['1 Example Street'],
    city: 'Example City',
    region: null,
    country: (record.jurisdiction ?? 'US').slice(0, 2),
    postalCode: '00000',
  };
  const fullAddress = {
    language: 'en',
    addressLines: address.addressLines,
    addressNumber: null,
    addressNumberWithinBuilding: null,
    mailRouting: null,
    city: address.city,
    region: address.region ?? null,
    country: address.country,
    postalCode: address.postalCode,
  };
  const self = `${base}/lei-records/${record.lei}`;
  const related = (name: string) => ({ links: { related: `${self}/${name}` } });
  return {
    meta: { goldenCopy: { publishDate: '2024-06-01T00:00:00Z' } },
    data: {
      type: 'lei-records',
      id: record.lei,
      attributes: {
        lei: record.lei,
        entity: {
          legalName: { name: record.legalName, language: 'en' },
          otherNames: [],
          transliteratedOtherNames: [],
          legalAddress: fullAddress,
          headquartersAddress: fullAddress,
          registeredAt: { id: 'RA000602', other: null },
          registeredAs: '2188016',
          jurisdiction: record.jurisdiction ?? 'US',
          category: 'GENERAL',
          legalForm: { id: 'T91T', other: null },
          associatedEntity: { lei: null, name: null },
          status: record.entityStatus ?? 'ACTIVE',
          expiration: {
            date: record.expirationReason ? '2020-01-31T00:00:00Z' : null,
            reason: record.expirationReason ?? null,
          },
          successorEntity: { lei: null, name: null },
          successorEntities: [],
          creationDate: record.creationDate ?? null,
          subCategory: null,
          otherAddresses: [],
          eventGroups: [],
        },
        registration: {
          initialRegistrationDate: '2012-06-06T15:52:59Z',
          lastUpdateDate: '2024-05-28T13:12:00Z',
          status: record.registrationStatus ?? 'ISSUED',
          nextRenewalDate: '2025-06-06T00:00:00Z',
          managingLou: 'EVK05KS7XY1DEII3R011',
          corroborationLevel: 'FULLY_CORROBORATED',
          validatedAt: { id: 'RA000602', other: null },
          validatedAs: '2188016',
          otherValidationAuthorities: [],
        },
        bic: null,
        mic: null,
        ocid: null,
        spglobal: [],
        conformityFlag: 'CONFORMING',
      },
      relationships: {
        'managing-lou': related('managing-lou'),
        'lei-issuer': related('lei-issuer'),
        'field-modifications': related('field-modifications'),
        'direct-parent': related('direct-parent'),
        'ultimate-parent': related('ultimate-parent'),
      },
      links: { self },
    },
  };
}

const JSON_API = { 'content-type': 'application/vnd.api+json' };
const notFound = { errors: [{ status: '404', title: 'Not Found' }] };

/**
 * The GLEIF API (`/api/v1/lei-records/{lei}`) on a local port: JSON:API documents for the LEIs it knows,
 * 404 with a JSON:API error for the rest, `fail(n, 429 | 500 | 'hang')` for trouble. No key, like GLEIF.
 */
export class FakeGleif {
  readonly records = new Map<string, FakeLei>(SEED.map((r) => [r.lei, r]));

  private constructor(private readonly server: FakeRegistryServer) {}

  static async start(): Promise<FakeGleif> {
    let fake: FakeGleif | undefined;
    const server = await FakeRegistryServer.start(
      (request) => fake!.answer(request),
      (status) => ({
        errors: [{ status: String(status), title: status === 429 ? 'Too Many Requests' : 'Server Error' }],
      }),
    );
    fake = new FakeGleif(server);
    return fake;
  }

  /** The API root to configure the provider with, e.g. `http://127.0.0.1:PORT/api/v1`. */
  get baseUrl(): string {
    return `${this.server.origin}/api/v1`;
  }

  get requests(): SeenRequest[] {
    return this.server.requests;
  }

  add(record: FakeLei): void {
    this.records.set(record.lei, record);
  }

  fail(count: number, trouble: Trouble): void {
    this.server.fail(count, trouble);
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private answer(request: SeenRequest) {
    const match = /^\/api\/v1\/lei-records\/([A-Z0-9]+)(?:\?.*)?$/.exec(request.url);
    const record = match?.[1] ? this.records.get(match[1]) : undefined;
    if (request.method !== 'GET' || !record) return { status: 404, body: notFound, headers: JSON_API };
    return { status: 200, body: leiRecordDocument(record, this.baseUrl), headers: JSON_API };
  }
}
