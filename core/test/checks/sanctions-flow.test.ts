import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importListFiles } from '../../src/sanctions/index.js';
import { BASIC_GB, eventually, expectError, startTestHub, type TestHub } from '../helpers/hub.js';

const shared = (path: string) => fileURLToPath(new URL(`../../../../shared/data/sanctions/${path}`, import.meta.url));

let t: TestHub;
let listedEntity: string;
let listedPerson: string;
/** A listed individual whose list entry states a full date of birth. */
let dated: { name: string; dob: string; iso: string };

beforeAll(async () => {
  t = await startTestHub();
  const store = t.hub.services.store.sanctions;
  await importListFiles(store, 'ofac-csv', [shared('ofac/sdn.csv'), shared('ofac/alt.csv'), shared('ofac/add.csv')]);
  await importListFiles(store, 'un-xml', [shared('un/consolidated.xml')]);
  // The running hub picks new editions up within 5 s; here, at once.
  await t.hub.services.sanctions.reloadIfChanged();
  const current = await store.currentEditions();
  const entries = await store.entriesOf(current.map((e) => e.id));
  listedEntity = entries.find((e) => e.listId === 'un-consolidated' && e.type === 'entity')?.name ?? '';
  listedPerson = entries.find((e) => e.listId === 'ofac-sdn' && e.type === 'individual')?.name ?? '';
  expect(listedEntity).not.toBe('');
  const person = entries.find(
    (e) =>
      e.listId === 'ofac-sdn' && e.type === 'individual' && /^\d{2} [A-Z][a-z]{2} \d{4}$/.test(e.dateOfBirth ?? ''),
  );
  const dob = person?.dateOfBirth ?? '';
  dated = { name: person?.name ?? '', dob, iso: new Date(`${dob} UTC`).toISOString().slice(0, 10) };
  expect(dated.iso).toMatch(/^\d{4}-\d{2}-\d{2}$/);
});
afterAll(() => t.close());

const settle = async (body: Record<string, unknown>) => {
  const r = await t.request('POST', '/v1/verifications', { body });
  expect(r.status).toBe(201);
  return eventually(async () => {
    const v = await t.request('GET', `/v1/verifications/${r.json.verification_id}`);
    return v.json.status === 'in_progress' ? undefined : v.json;
  });
};
const sanctionsOf = (v: { checks: { type: string }[] }) =>
  v.checks.find((c) => c.type === 'sanctions') as { outcome: string; findings: Record<string, unknown> };

describe('sanctions screening in verifications', () => {
  it('a clean supplier is screened clear against both lists, and the decision can now be a plain proceed', async () => {
    const v = await settle(BASIC_GB);
    expect(v.status).toBe('completed');
    expect(v.decision).toMatchObject({ sanctions_status: 'clear', recommendation: 'proceed', trust_score: 100 });
    expect(v.decision.confidence).toBe(0.9);
    const check = sanctionsOf(v);
    expect(check.outcome).toBe('clear');
    expect((check.findings.editions as { list: string }[]).map((e) => e.list).sort()).toEqual([
      'ofac-sdn',
      'un-consolidated',
    ]);
  });

  it('a supplier on a loaded list is a match: rejected, with the hit as evidence (real screening)', async () => {
    const v = await settle({ ...BASIC_GB, supplier: listedEntity });
    expect(v.decision).toMatchObject({ sanctions_status: 'match', recommendation: 'reject' });
    const screened = sanctionsOf(v).findings.screened as {
      role: string;
      status: string;
      hits: { score: number; list: string }[];
    }[];
    expect(screened[0]).toMatchObject({ role: 'supplier', status: 'match' });
    expect(screened[0]?.hits[0]?.score).toBeGreaterThanOrEqual(0.95);
  });

  it('a listed beneficiary is a potential match for an analyst, never an automatic rejection', async () => {
    const v = await settle({ ...BASIC_GB, beneficiaries: [{ name: listedPerson, ownership_pct: 30 }] });
    expect(v.status).toBe('in_review');
    expect(sanctionsOf(v).outcome).toBe('potential_match');
    const decided = await t.request('POST', `/v1/test_helpers/verifications/${v.verification_id}/advance`);
    expect(decided.json.decision).toMatchObject({
      sanctions_status: 'potential_match',
      recommendation: 'enhanced_due_diligence',
    });
  });
});

describe('beneficiaries: the date of birth weighs the name hit', () => {
  const otherDay = () => `${Number(dated.iso.slice(0, 4)) - 7}${dated.iso.slice(4)}`;

  it('the listed name with the listed date of birth is a match: rejected without waiting', async () => {
    const v = await settle({ ...BASIC_GB, beneficiaries: [{ name: dated.name, date_of_birth: dated.iso }] });
    expect(v.decision).toMatchObject({ sanctions_status: 'match', recommendation: 'reject' });
    const [, owner] = sanctionsOf(v).findings.screened as { hits: { birth_date: string; date_of_birth: string }[] }[];
    expect(owner?.hits[0]).toMatchObject({ birth_date: 'agrees', date_of_birth: dated.dob });
  });

  it('the listed name with another date of birth is left to an analyst', async () => {
    const v = await settle({ ...BASIC_GB, beneficiaries: [{ name: dated.name, date_of_birth: otherDay() }] });
    expect(v.status).toBe('in_review');
    expect(sanctionsOf(v).outcome).toBe('potential_match');
  });

  it('a near name whose date of birth conflicts is discounted to clear', async () => {
    // One letter changed in the middle of the name: a near hit by name alone.
    const name = dated.name.replace(/([a-z])([a-z])([a-z])/i, (_, a, _b, c) => `${a}x${c}`);
    const byName = await t.request('GET', `/v1/sanctions/search?type=individual&q=${encodeURIComponent(name)}`);
    expect(byName.json.data[0]?.score).toBeLessThan(0.95);
    expect(byName.json.data[0]?.score).toBeGreaterThanOrEqual(0.85);
    const v = await settle({ ...BASIC_GB, beneficiaries: [{ name, date_of_birth: otherDay() }] });
    expect(sanctionsOf(v).outcome).toBe('clear');
  });
});

describe('GET /v1/sanctions/search and /lists', () => {
  it('finds a listed name with its list, entry id and score, best first', async () => {
    const r = await t.request(
      'GET',
      `/v1/sanctions/search?q=${encodeURIComponent(listedEntity.toLowerCase())}&limit=3`,
    );
    expect(r.status).toBe(200);
    expect(r.json.data.length).toBeGreaterThan(0);
    expect(r.json.data.length).toBeLessThanOrEqual(3);
    expect(r.json.data[0]).toMatchObject({ list: 'un-consolidated', name: listedEntity, score: 1 });
    expect(Object.keys(r.json.data[0]).sort()).toEqual(
      ['date_of_birth', 'entry_id', 'list', 'matched_name', 'name', 'programs', 'score', 'type'].sort(),
    );
  });

  it('answers no hit for a clean name, and 422 without q', async () => {
    const r = await t.request('GET', '/v1/sanctions/search?q=Northwind%20Traders%20Ltd');
    expect(r.json).toEqual({ data: [] });
    expectError(await t.request('GET', '/v1/sanctions/search'), 422, 'validation_failed', undefined, 'q');
  });

  it('lists the loaded editions', async () => {
    const r = await t.request('GET', '/v1/sanctions/lists');
    const lists = r.json.data.filter((e: { current: boolean }) => e.current).map((e: { list: string }) => e.list);
    expect(lists.sort()).toEqual(['ofac-sdn', 'un-consolidated']);
    const ofac = r.json.data.find((e: { list: string }) => e.list === 'ofac-sdn');
    expect(ofac.entry_count).toBe(7379);
  });

  it('needs verifications:read', async () => {
    const key = await t.key('test', ['coverage:read']);
    expectError(await t.request('GET', '/v1/sanctions/search?q=x', { key }), 403, 'insufficient_scope');
  });
});
