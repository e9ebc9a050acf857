import { FakeRegistryServer, type SeenRequest, type Trouble } from './registry-http.js';

/** One person with significant control, in the API's own field names. */
export interface FakePsc {
  name?: string;
  kind: string;
  natures_of_control: string[];
  ceased_on?: string;
}

/** What a test says about a company; the fake writes the full profile from it. */
export interface FakeCompany {
  company_number: string;
  company_name: string;
  company_status: string;
  company_status_detail?: string;
  date_of_creation?: string;
  type?: string;
  registered_office_address?: Record<string, string>;
  /** `undefined`: the PSC list answers 404. */
  pscs?: FakePsc[];
}

/** The API key the fake accepts (HTTP Basic: key as user name, empty password). */
export const COMPANIES_HOUSE_KEY = 'fake-ch-key-2f8b1c';

const person = (name: string, natures: string[], ceased_on?: string): FakePsc => ({
  name,
  kind: 'individual-person-with-significant-control',
  natures_of_control: natures,
  ...(ceased_on && { ceased_on }),
});

const SEED: FakeCompany[] = [
  {
    company_number: '09446231',
    company_name: 'ACME WIDGETS LIMITED',
    company_status: 'active',
    date_of_creation: '2015-02-17',
    type: 'ltd',
    registered_office_address: {
      premises: '1',
      address_line_1: 'Example Street',
      locality: 'London',
      postal_code: 'EC1A 1BB',
      country: 'United Kingdom',
    },
    pscs: [
      person('Mrs Jane Example', ['ownership-of-shares-75-to-100-percent', 'voting-rights-75-to-100-percent']),
      person('Mr Former Owner', ['ownership-of-shares-25-to-50-percent'], '2019-04-01'),
    ],
  },
  {
    company_number: 'SC123456',
    company_name: 'HIGHLAND TRADING LTD',
    company_status: 'liquidation',
    date_of_creation: '1999-11-02',
    registered_office_address: { address_line_1: '2 High Street', locality: 'Edinburgh', postal_code: 'EH1 1AA' },
    pscs: [
      person('Mr Alasdair Partner', ['ownership-of-shares-25-to-50-percent']),
      person('Ms Morag Partner', ['ownership-of-shares-50-to-75-percent-as-trust']),
      {
        name: 'Highland Holdings Limited',
        kind: 'corporate-entity-person-with-significant-control',
        natures_of_control: ['significant-influence-or-control'],
      },
    ],
  },
  {
    company_number: '00000042',
    company_name: 'OLD CONCERN PLC',
    company_status: 'dissolved',
    date_of_creation: '1901-01-01',
    type: 'plc',
  },
];

const notFound = { errors: [{ error: 'company-profile-not-found', type: 'ch:service' }] };

/**
 * The Companies House Public Data API on a local port: `GET /company/{number}` and
 * `GET /company/{number}/persons-with-significant-control` (honouring items_per_page / start_index).
 * Without the right Basic auth every request gets 401; unknown companies get the documented 404 body;
 * `fail(n, 429 | 500 | 'hang')` for trouble.
 */
export class FakeCompaniesHouse {
  readonly companies = new Map<string, FakeCompany>(SEED.map((c) => [c.company_number, c]));

  private constructor(private readonly server: FakeRegistryServer) {}

  static async start(): Promise<FakeCompaniesHouse> {
    let fake: FakeCompaniesHouse | undefined;
    const server = await FakeRegistryServer.start(
      (request) => fake!.answer(request),
      (status) => (status === 429 ? { errors: [{ error: 'rate-limit-exceeded' }] } : {}),
    );
    fake = new FakeCompaniesHouse(server);
    return fake;
  }

  get baseUrl(): string {
    return this.server.origin;
  }

  get requests(): SeenRequest[] {
    return this.server.requests;
  }

  add(company: FakeCompany): void {
    this.companies.set(company.company_number, company);
  }

  fail(count: number, trouble: Trouble): void {
    this.server.fail(count, trouble);
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private answer(request: SeenRequest) {
    const expected = `Basic ${Buffer.from(`${COMPANIES_HOUSE_KEY}:`).toString('base64')}`;
    if (request.headers.authorization !== expected) {
      return { status: 401, body: { error: 'Invalid Authorization', type: 'ch:service' } };
    }
    const url = new URL(request.url, this.baseUrl);
    const match = /^\/company\/([A-Z0-9]+)(\/persons-with-significant-control)?$/.exec(url.pathname);
    const company = match?.[1] ? this.companies.get(match[1]) : undefined;
    if (request.method !== 'GET' || !company) return { status: 404, body: notFound };
    return match?.[2] ? this.pscList(company, url.searchParams) : { status: 200, body: profile(company) };
  }

  private pscList(company: FakeCompany, query: URLSearchParams) {
    if (!company.pscs) return { status: 404, body: {} };
    const start = Number(query.get('start_index') ?? 0);
    const perPage = Number(query.get('items_per_page') ?? 25);
    const self = `/company/${company.company_number}/persons-with-significant-control`;
    const items = company.pscs.slice(start, start + perPage).map((psc, i) => ({
      etag: `psc-etag-${start + i}`,
      kind: psc.kind,
      ...(psc.name && { name: psc.name }),
      natures_of_control: psc.natures_of_control,
      notified_on: '2016-04-06',
      ...(psc.ceased_on && { ceased_on: psc.ceased_on }),
      links: { self: `${self}/individual/psc${start + i}` },
    }));
    return {
      status: 200,
      body: {
        items,
        items_per_page: perPage,
        start_index: start,
        total_results: company.pscs.length,
        active_count: company.pscs.filter((p) => !p.ceased_on).length,
        ceased_count: company.pscs.filter((p) => p.ceased_on).length,
        links: { self },
      },
    };
  }
}

/** The company profile resource, as `GET /company/{number}` answers it. */
function profile(c: FakeCompany) {
  const self = `/company/${c.company_number}`;
  return {
    company_name: c.company_name,
    company_number: c.company_number,
    company_status: c.company_status,
    ...(c.company_status_detail && { company_status_detail: c.company_status_detail }),
    date_of_creation: c.date_of_creation ?? '2010-01-01',
    ...(c.company_status === 'dissolved' && { date_of_cessation: '2020-06-30' }),
    type: c.type ?? 'ltd',
    jurisdiction: c.company_number.startsWith('SC') ? 'scotland' : 'england-wales',
    registered_office_address: c.registered_office_address ?? { address_line_1: 'Unknown', postal_code: 'ZZ1 1ZZ' },
    sic_codes: ['62020'],
    has_charges: false,
    has_insolvency_history: c.company_status === 'liquidation',
    has_been_liquidated: false,
    can_file: c.company_status === 'active',
    undeliverable_registered_office_address: false,
    registered_office_is_in_dispute: false,
    etag: `etag-${c.company_number}`,
    links: {
      self,
      filing_history: `${self}/filing-history`,
      officers: `${self}/officers`,
      persons_with_significant_control: `${self}/persons-with-significant-control`,
    },
  };
}
