// Builds realistic decided verifications and writes them straight through the store, in batches (issue #7).
// Shared by scripts/seed-decisions.mjs (with the built core) and the warehouse-export tests (with its sources).

const SUPPLIER_WORDS = [
  'Northwind',
  'Contoso',
  'Fabrikam',
  'Tailspin',
  'Litware',
  'Adatum',
  'Proseware',
  'Wingtip',
  'Coho',
  'Alpine',
  'Blue Yonder',
  'Fourth Coffee',
  'Lucerne',
  'Margie',
  'Trey',
  'Woodgrove',
  'Humongous',
  'Relecloud',
];
const SUPPLIER_KINDS = ['Traders', 'Logistics', 'Components', 'Foods', 'Textiles', 'Metals', 'Chemicals', 'Services'];
const COUNTRIES = [
  ['GB', 1, 'Ltd'],
  ['DE', 1, 'GmbH'],
  ['FR', 1, 'SAS'],
  ['US', 1, 'Inc'],
  ['NL', 1, 'B.V.'],
  ['MY', 2, 'Sdn Bhd'],
  ['IN', 2, 'Pvt Ltd'],
  ['BR', 2, 'Ltda'],
  ['MX', 2, 'S.A. de C.V.'],
  ['VN', 3, 'JSC'],
  ['NG', 3, 'Ltd'],
  ['PK', 3, 'Ltd'],
];
const CHECKS = ['identifier', 'registry', 'sanctions', 'beneficiaries', 'documents'];
const ANALYSTS = ['Amira Haddad', 'Jonas Weber', 'Priya Raman', 'Tomás Ortega'];
const DAY = 86_400_000;

/** A small deterministic generator (mulberry32), so that a seed is reproducible. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (r, list) => list[Math.floor(r() * list.length)];

function outcomeOf(r) {
  const roll = r();
  if (roll < 0.62)
    return { band: 'low', score: 80 + Math.floor(r() * 20), rec: 'proceed', registry: 'active', sanctions: 'clear' };
  if (roll < 0.85)
    return {
      band: 'medium',
      score: 60 + Math.floor(r() * 20),
      rec: 'proceed_with_controls',
      registry: 'active',
      sanctions: 'clear',
    };
  if (roll < 0.96)
    return {
      band: 'high',
      score: 35 + Math.floor(r() * 25),
      rec: 'enhanced_due_diligence',
      registry: pick(r, ['inactive', 'active', 'unavailable']),
      sanctions: pick(r, ['clear', 'potential_match']),
    };
  return {
    band: 'critical',
    score: Math.floor(r() * 35),
    rec: 'reject',
    registry: pick(r, ['dissolved', 'not_found']),
    sanctions: pick(r, ['clear', 'match']),
  };
}

/**
 * One decided verification, created within the `days` before `now` (and decided over a day ago): the year of
 * its id, and `build(sequence)` giving its record and check rows once the store allocated the sequence.
 */
export function decidedVerification(r, { now, days, livemode, publicUrl }) {
  const createdAt = now - DAY - Math.floor(r() * days * DAY);
  const year = new Date(createdAt).getUTCFullYear();
  const parts = draft(r, createdAt, livemode, publicUrl);
  return { year, build: (sequence) => parts(`KBS-VR-${year}-${String(sequence).padStart(6, '0')}`) };
}

function draft(r, createdAt, livemode, publicUrl) {
  const [country, tier, suffix] = pick(r, COUNTRIES);
  const pkg = pick(r, ['basic', 'standard', 'standard', 'enhanced']);
  const o = outcomeOf(r);
  const reviewed = o.band !== 'low' && r() < 0.7;
  const decidedAt =
    createdAt + (reviewed ? 3_600_000 + Math.floor(r() * 20 * 3_600_000) : 2_000 + Math.floor(r() * 60_000));
  const withDocument = pkg !== 'basic' && r() < 0.5;
  const confidence = Math.round((0.55 + r() * 0.45) * 1000) / 1000;
  const supplier = `${pick(r, SUPPLIER_WORDS)} ${pick(r, SUPPLIER_KINDS)} ${suffix}`;
  const registrationId = String(10_000_000 + Math.floor(r() * 89_999_999));
  const externalRef = r() < 0.8 ? `SUP-${100000 + Math.floor(r() * 899999)}` : null;
  const analyst = reviewed ? pick(r, ANALYSTS) : null;
  const beneficiary =
    pkg === 'basic' ? 'not_provided' : pick(r, ['match', 'match', 'partial_match', 'no_match', 'not_provided']);
  return (id) => {
    const decision = {
      verification_id: id,
      status: 'completed',
      trust_score: o.score,
      risk_band: o.band,
      confidence,
      country_tier: tier,
      registry_status: o.registry,
      sanctions_status: o.sanctions,
      document_score: withDocument ? Math.round(r() * 100) / 100 : null,
      beneficiary,
      analyst,
      recommendation: o.rec,
      signed_at: new Date(decidedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      report_url: `${publicUrl}/profile/${id}`,
      supplier,
      country_code: country,
      registration_id: registrationId,
      external_ref: externalRef,
      livemode,
    };
    const types = withDocument ? CHECKS : CHECKS.slice(0, 4);
    const outcomes = {
      identifier: 'valid',
      registry: o.registry,
      sanctions: o.sanctions,
      beneficiaries: beneficiary,
      documents: 'authentic',
    };
    const checks = types.map((type, position) => ({
      verificationId: id,
      type,
      position,
      status: 'completed',
      outcome: outcomes[type],
      summary: `${type} check completed`,
      findings: null,
      attempts: 1,
      nextAttemptAt: null,
      completedAt: createdAt + 1_000 + position * 100,
    }));
    const verification = {
      id,
      livemode,
      status: 'completed',
      supplier,
      countryCode: country,
      registrationId,
      package: pkg,
      externalRef,
      metadata: {},
      beneficiaries: [],
      webhookUrl: null,
      webhookEndpointId: null,
      countryTier: tier,
      estimatedSla: tier === 1 ? 'PT4H' : tier === 2 ? 'PT6H' : 'PT24H',
      dueAt: createdAt + 6 * 3_600_000,
      confidence,
      assignedReviewer: analyst,
      decision,
      assessment: null,
      createdAt,
      updatedAt: decidedAt,
      decidedAt,
      reviewClaimedAt: reviewed ? createdAt + 600_000 : null,
      reviewEscalatedAt: null,
      version: 3,
      workAfter: null,
    };
    return { verification, checks };
  };
}

/**
 * Writes `count` decided verifications through `store.verifications.create` in batches of `batch` (the store's
 * group commit makes each batch one transaction). No events are written, so webhooks and plugins that follow
 * the event log do not replay them. Calls onProgress(done, count) after each batch.
 */
export async function seedDecisions(store, count, options = {}) {
  const { seed = 7, livemode = true, days = 365, batch = 2_000, now = Date.now(), onProgress } = options;
  const publicUrl = options.publicUrl ?? 'http://127.0.0.1:8080';
  const r = random(seed);
  for (let done = 0; done < count; ) {
    const size = Math.min(batch, count - done);
    const writes = [];
    for (let i = 0; i < size; i++) {
      const { year, build } = decidedVerification(r, { now, days, livemode, publicUrl });
      writes.push(store.verifications.create((sequence) => ({ ...build(sequence), events: [] }), year));
    }
    await Promise.all(writes);
    done += size;
    onProgress?.(done, count);
  }
}
