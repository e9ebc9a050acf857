import { z } from 'zod';
import { normalizeCompaniesHouseNumber } from '../../jurisdictions/identifiers/gb-companies-house.js';
import { formatAddress, isoDate } from './address.js';
import type { RegistryLookup, RegistryProvider, RegistryRecord } from './provider.js';
import { getJson, type HttpOptions } from './transport.js';

export interface CompaniesHouseOptions {
  /** A Companies House REST API key (developer.company-information.service.gov.uk). */
  apiKey: string;
  baseUrl?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** The clock for `asOf`; `Date.now` by default. */
  now?: () => number;
}

/**
 * `company_status` (Companies House api-enumerations, constants.yml) → registry status:
 *
 *   active, open (an overseas company's UK establishment), registered (an overseas entity) → active
 *   dissolved, converted-closed                                                           → dissolved
 *   liquidation, receivership, administration, insolvency-proceedings, voluntary-arrangement → inactive
 *   closed (an overseas company's UK establishment), removed (an overseas entity)          → inactive:
 *     off the UK register, but the entity itself lives on abroad, so not `dissolved`
 *
 * `company_status_detail` (e.g. active-proposal-to-strike-off) does not change the status; it is kept as
 * evidence. Any other value is an error, never a guess.
 */
export const COMPANIES_HOUSE_STATUS: Readonly<Record<string, RegistryRecord['status']>> = {
  active: 'active',
  open: 'active',
  registered: 'active',
  dissolved: 'dissolved',
  'converted-closed': 'dissolved',
  liquidation: 'inactive',
  receivership: 'inactive',
  administration: 'inactive',
  'insolvency-proceedings': 'inactive',
  'voluntary-arrangement': 'inactive',
  closed: 'inactive',
  removed: 'inactive',
};

const CompanyProfile = z.object({
  company_name: z.string(),
  company_number: z.string(),
  company_status: z.string(),
  company_status_detail: z.string().nullish(),
  date_of_creation: z.string().nullish(),
  registered_office_address: z
    .object({
      care_of: z.string().nullish(),
      po_box: z.string().nullish(),
      premises: z.string().nullish(),
      address_line_1: z.string().nullish(),
      address_line_2: z.string().nullish(),
      locality: z.string().nullish(),
      region: z.string().nullish(),
      postal_code: z.string().nullish(),
      country: z.string().nullish(),
    })
    .nullish(),
});

const PscList = z.object({
  items: z
    .array(
      z.object({
        name: z.string().nullish(),
        kind: z.string().nullish(),
        natures_of_control: z.array(z.string()).nullish(),
        ceased_on: z.string().nullish(),
        ceased: z.boolean().nullish(),
      }),
    )
    .nullish(),
  total_results: z.number().nullish(),
});

const PSC_PAGE_SIZE = 100;
const PSC_MAX_PAGES = 10;

/**
 * The lower bound of the ownership band in a person's `natures_of_control`, the highest when several:
 * `ownership-of-shares-25-to-50-percent` → 25, `…-50-to-75-…` → 50, `…-75-to-100-…` → 75, also the
 * `-as-trust` / `-as-firm` variants, LLPs' `right-to-share-surplus-assets-…` and overseas entities'
 * `…-more-than-25-percent-…`. `null` when the control is otherwise (votes, directors, influence).
 */
export function ownershipLowerBound(natures: readonly string[]): number | null {
  let best: number | null = null;
  for (const nature of natures) {
    const band = /(?:ownership-of-shares|right-to-share-surplus-assets)-(?:(\d+)-to-\d+|more-than-(\d+))-percent/.exec(
      nature,
    );
    const lower = Number(band?.[1] ?? band?.[2] ?? Number.NaN);
    if (Number.isFinite(lower) && (best === null || lower > best)) best = lower;
  }
  return best;
}

const isGb = (countryCode: string) => countryCode.trim().toUpperCase() === 'GB';

/**
 * The UK Companies House Public Data API: `GET /company/{number}` for the profile, then
 * `GET /company/{number}/persons-with-significant-control` for the owners (ceased ones left out).
 * HTTP Basic auth with the API key as user name and an empty password. Covers GB company numbers.
 */
export function companiesHouseProvider(options: CompaniesHouseOptions): RegistryProvider {
  if (!options.apiKey) throw new Error('companiesHouseProvider needs an API key');
  const baseUrl = (options.baseUrl ?? 'https://api.company-information.service.gov.uk').replace(/\/+$/, '');
  const now = options.now ?? Date.now;
  const http: HttpOptions = {
    timeoutMs: options.timeoutMs ?? 10_000,
    headers: {
      accept: 'application/json',
      authorization: `Basic ${Buffer.from(`${options.apiKey}:`).toString('base64')}`,
    },
    ...(options.fetch && { fetch: options.fetch }),
  };
  const get = async (path: string) => {
    const reply = await getJson('Companies House', `${baseUrl}${path}`, http);
    if (reply.status === 401 || reply.status === 403) {
      throw new Error(`Companies House refused the API key (HTTP ${reply.status})`);
    }
    return reply;
  };

  const owners = async (number: string): Promise<RegistryRecord['owners']> => {
    const found: NonNullable<RegistryRecord['owners']> = [];
    for (let page = 0, start = 0; page < PSC_MAX_PAGES; page++) {
      const reply = await get(
        `/company/${number}/persons-with-significant-control?items_per_page=${PSC_PAGE_SIZE}&start_index=${start}`,
      );
      // No PSC register for this company (e.g. some listed companies): unknown, not "nobody".
      if (reply.status === 404) return page === 0 ? null : found;
      if (reply.status !== 200) throw new Error(`Companies House answered HTTP ${reply.status} for PSCs of ${number}`);
      const parsed = PscList.safeParse(reply.body);
      if (!parsed.success) throw new Error(`Companies House answered an unexpected PSC list for ${number}`);
      const items = parsed.data.items ?? [];
      for (const item of items) {
        if (item.ceased_on || item.ceased) continue;
        found.push({
          // A super-secure PSC's details are withheld by law: it is an owner all the same.
          name: item.name?.trim() || 'Undisclosed (super-secure person with significant control)',
          ownershipPct: ownershipLowerBound(item.natures_of_control ?? []),
        });
      }
      start += items.length;
      if (items.length === 0 || start >= (parsed.data.total_results ?? 0)) break;
    }
    return found;
  };

  return {
    name: 'UK Companies House',
    covers: (countryCode, registrationId) =>
      isGb(countryCode) && (registrationId === undefined || normalizeCompaniesHouseNumber(registrationId) !== null),
    async lookup({ countryCode, registrationId }): Promise<RegistryLookup> {
      const number = normalizeCompaniesHouseNumber(registrationId);
      if (!isGb(countryCode) || number === null) {
        // Not `found: false`: Companies House was never asked.
        throw new Error(`Companies House looks up GB company numbers only; '${registrationId}' is not one`);
      }
      const reply = await get(`/company/${number}`);
      if (reply.status === 404) return { found: false };
      if (reply.status !== 200) throw new Error(`Companies House answered HTTP ${reply.status} for ${number}`);
      const parsed = CompanyProfile.safeParse(reply.body);
      if (!parsed.success) {
        throw new Error(`Companies House answered an unexpected profile for ${number}: ${parsed.error.message}`);
      }
      const profile = parsed.data;
      const status = COMPANIES_HOUSE_STATUS[profile.company_status];
      if (!status) throw new Error(`Companies House status '${profile.company_status}' is not one this hub knows`);
      const office = profile.registered_office_address;
      return {
        found: true,
        record: {
          status,
          statusDetail: profile.company_status_detail
            ? `${profile.company_status} (${profile.company_status_detail})`
            : profile.company_status,
          legalName: profile.company_name.trim(),
          registrationId: profile.company_number,
          incorporatedOn: isoDate(profile.date_of_creation),
          address: office
            ? formatAddress([
                office.care_of && `c/o ${office.care_of}`,
                office.po_box && `PO Box ${office.po_box}`,
                [office.premises, office.address_line_1].filter(Boolean).join(' '),
                office.address_line_2,
                office.locality,
                office.region,
                office.postal_code,
                office.country,
              ])
            : null,
          owners: await owners(number),
          jurisdiction: 'GB',
          asOf: new Date(now()).toISOString(),
        },
      };
    },
  };
}
