#!/usr/bin/env node
// Sanctions screening benchmark (issue #4): recall and false positives on a labelled set drawn from the
// real OFAC SDN and UN consolidated lists, and the latency of screening one name with both loaded.
//
//   npx tsc -b && node scripts/bench-screening.mjs [--per-category N] [--clean N] [--seed N] [--data DIR]
//
// The lists are imported into a fresh SQLite file and loaded through SanctionsScreener, as the hub does.
// Labelled queries (N of each, seeded): exact listed names and aliases; normalised variants (case,
// accents, punctuation, legal forms); one-typo variants (one edit in a word of 4+ letters); reordered
// words (legal forms stay at the end). A query is found when its own
// entry is among the hits at potential_match or above. Clean names are invented company names (word
// lists + legal forms) whose normalised form is not a listed name; any hit on one is a false positive.
// Exits 0 whether or not the targets are met.

import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dist = (p) => import(pathToFileURL(path.join(ROOT, 'core/dist', p)).href);

const { values: args } = parseArgs({
  options: {
    'per-category': { type: 'string', default: '500' },
    clean: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '20260527' },
    data: { type: 'string', default: path.resolve(ROOT, '../shared/data/sanctions') },
  },
});
const PER_CATEGORY = Number(args['per-category']);
const CLEAN = Number(args.clean);

const { readEdition, SanctionsScreener, normalizeName, classifyScore } = await dist('sanctions/index.js');
const { sqliteSanctionsStore } = await dist('store/sqlite/sanctions.js');
const { migrate } = await dist('store/sqlite/migrate.js');
const Database = require(require.resolve('better-sqlite3', { paths: [path.join(ROOT, 'core')] }));

// ---------------------------------------------------------------------------------------------------
// Seeded randomness (mulberry32), so every run draws the same labelled set.

let state = Number(args.seed) >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const shuffle = (list) => {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
};

// ---------------------------------------------------------------------------------------------------
// Load: import both lists into a fresh SQLite file, then load the screener from it.

const dir = mkdtempSync(path.join(os.tmpdir(), 'keybs-bench-screening-'));
const db = new Database(path.join(dir, 'keybs.db'));
db.pragma('journal_mode = WAL');
migrate(db);
const store = sqliteSanctionsStore(db);

let t0 = performance.now();
const ofac = await readEdition(
  'ofac-csv',
  ['sdn.csv', 'alt.csv', 'add.csv'].map((f) => path.join(args.data, 'ofac', f)),
);
const un = await readEdition('un-xml', [path.join(args.data, 'un', 'consolidated.xml')]);
const parseMs = performance.now() - t0;
t0 = performance.now();
for (const edition of [ofac, un]) await store.importEdition({ ...edition, loadedAt: Date.now() });
const importMs = performance.now() - t0;
const screener = new SanctionsScreener(store);
t0 = performance.now();
await screener.load();
const loadMs = performance.now() - t0;
const heapMb = process.memoryUsage().heapUsed / 1e6;

// ---------------------------------------------------------------------------------------------------
// The labelled set.

const entries = [...ofac.entries, ...un.entries];
/** Every listed name in Latin script with its entry: primary names and aliases. */
const pool = entries.flatMap((e) =>
  [e.name, ...e.aliases.filter((a) => a.quality !== 'original script').map((a) => a.name)]
    .filter((name) => /[a-z]/i.test(name) && normalizeName(name) !== '')
    .map((name) => ({ entry: e, name })),
);

const ACCENTED = { a: 'áàâä', e: 'éèêë', i: 'íï', o: 'óôö', u: 'úüû', n: 'ñ', c: 'ç', s: 'š', z: 'ž' };
// biome-ignore format: word lists
const LEGAL_SUFFIXES = [
  ' Ltd', ' Ltd.', ' LLC', ' GmbH', ' S.A.', ' Sdn. Bhd.', ' Co., Ltd.', ' Inc.', ' PLC', ' B.V.',
];

const titleCase = (s) => s.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (m) => m.toUpperCase());
const addAccents = (s) =>
  [...s]
    .map((c) => {
      const options = ACCENTED[c.toLowerCase()];
      if (!options || random() > 0.5) return c;
      const accented = pick([...options]);
      return c === c.toLowerCase() ? accented : accented.toUpperCase();
    })
    .join('');
const NORMALISED_CHANGES = [
  (s) => s.toLowerCase(),
  (s) => titleCase(s),
  (s) => addAccents(s),
  (s) => s.replace(/[,.]/g, '').replace(/-/g, ' '),
  (s) => s.replace(/ /g, '  ').replace(/-/g, ' - '),
  (s, e) => (e.type === 'individual' ? titleCase(s) : s.replace(/[ ,.]*$/, '') + pick(LEGAL_SUFFIXES)),
];
function normalisedVariant({ entry, name }) {
  let out = name;
  for (const change of shuffle(NORMALISED_CHANGES).slice(0, 2)) out = change(out, entry);
  return out;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
function typoVariant({ name }) {
  const words = [...name.matchAll(/\p{L}{4,}/gu)];
  if (words.length === 0) return null;
  const word = pick(words);
  const at = word.index + Math.floor(random() * word[0].length);
  const kind = pick(['substitute', 'delete', 'insert', 'transpose']);
  const letter = pick([...LETTERS].filter((l) => l !== name[at]?.toLowerCase()));
  if (kind === 'substitute') return name.slice(0, at) + letter + name.slice(at + 1);
  if (kind === 'delete') return name.slice(0, at) + name.slice(at + 1);
  if (kind === 'insert') return name.slice(0, at) + letter + name.slice(at);
  const end = word.index + word[0].length - 1;
  const i = Math.min(at, end - 1);
  if (name[i] === name[i + 1]) return name.slice(0, i) + letter + name.slice(i + 1);
  return name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
}

/** Words reordered; legal forms stay where they were (`TC SHIPPING COMPANY LIMITED` → `SHIPPING TC COMPANY LIMITED`). */
function reorderedVariant({ name }) {
  const words = name.replace(/,/g, ' ').split(/\s+/).filter(Boolean);
  const core = normalizeName(name);
  let end = 1;
  while (end < words.length && normalizeName(words.slice(0, end).join(' ')) !== core) end++;
  let start = 0;
  while (start < end - 1 && normalizeName(words.slice(start + 1, end).join(' ')) === core) start++;
  if (end - start < 2) return null;
  for (let tries = 0; tries < 10; tries++) {
    const out = [...words.slice(0, start), ...shuffle(words.slice(start, end)), ...words.slice(end)].join(' ');
    if (normalizeName(out) !== core) return out;
  }
  return null;
}

function draw(make, keep = () => true) {
  const out = [];
  for (let tries = 0; out.length < PER_CATEGORY && tries < PER_CATEGORY * 20; tries++) {
    const item = pick(pool);
    const query = make(item);
    if (query && keep(query, item)) out.push({ query, entry: item.entry });
  }
  return out;
}
const categories = {
  exact: draw((item) => item.name),
  normalised: draw(normalisedVariant),
  'one typo': draw(typoVariant, (q, item) => normalizeName(q) !== normalizeName(item.name)),
  reordered: draw(reorderedVariant),
};

// Clean company names: word lists and legal forms; a name whose normalised form is listed is left out.
// biome-ignore format: word lists
const FIRST = [
  'Northwind', 'Meridian', 'Acme', 'Bluestone', 'Silverline', 'Harbourview', 'Greenfield', 'Redwood', 'Oakridge',
  'Brightwater', 'Kestrel', 'Lakeside', 'Summit', 'Pinecrest', 'Stonebridge', 'Fairhaven', 'Westbrook',
  'Coppergate', 'Ironbark', 'Maplewood', 'Clearwater', 'Highland', 'Riverside', 'Falcon', 'Orion', 'Vega',
  'Polaris', 'Atlas', 'Nordic', 'Baltic', 'Alpine', 'Pacific', 'Coastal', 'Evergreen', 'Sterling', 'Crescent',
  'Horizon', 'Beacon', 'Cobalt', 'Juniper', 'Willow', 'Aspen', 'Cedar', 'Granite', 'Sapphire', 'Emerald', 'Amber',
  'Tasman', 'Kinabalu', 'Penang', 'Selangor', 'Rhine', 'Danube', 'Bavaria', 'Lombard', 'Tuscany', 'Andes',
  'Sahara', 'Kalahari', 'Nimbus', 'Zenith', 'Apex', 'Vertex', 'Quantum', 'Fusion', 'Keystone', 'Cornerstone',
  'Bridgewater', 'Wexford',
];
// biome-ignore format: word lists
const SECOND = [
  '', '', '', 'Global', 'United', 'Precision', 'Advanced', 'Integrated', 'Premier', 'Royal', 'Smart', 'Green',
  'Blue', 'Prime', 'First', 'Modern', 'Digital', 'Creative', 'Allied', 'Continental',
];
// biome-ignore format: word lists
const INDUSTRY = [
  'Components', 'Traders', 'Logistics', 'Foods', 'Textiles', 'Engineering', 'Packaging', 'Plastics', 'Electronics',
  'Pharmaceuticals', 'Software', 'Consulting', 'Furniture', 'Paper Products', 'Metalworks', 'Chemicals',
  'Machinery', 'Fasteners', 'Apparel', 'Beverages', 'Printing', 'Lighting', 'Ceramics', 'Glassworks',
  'Office Supplies', 'Cleaning Services', 'Facilities Management', 'Freight', 'Cold Storage', 'Solar',
  'Hydraulics', 'Tooling', 'Labels', 'Medical Supplies', 'Agritech', 'Dairy', 'Bakery Supplies', 'Catering',
  'Security Services',
  // Words that are common on the lists too
  'Trading', 'General Trading', 'Import Export', 'Shipping', 'Holdings', 'Investment', 'Industrial', 'Petroleum',
  'Construction', 'Technology', 'International',
];
// biome-ignore format: word lists
const FORMS = [
  'Ltd', 'Ltd.', 'Limited', 'LLC', 'Inc.', 'GmbH', 'AG', 'S.A.', 'S.A. de C.V.', 'SAS', 'S.r.l.', 'B.V.', 'N.V.',
  'Sdn. Bhd.', 'Pte. Ltd.', 'Pty Ltd', 'Co., Ltd.', 'PLC', 'Oy', 'AB', 'A/S', 'sp. z o.o.', 'Kft.', 'K.K.',
];
const listed = new Set(pool.map((p) => normalizeName(p.name)));
const clean = [];
const seen = new Set();
let excluded = 0;
while (clean.length < CLEAN) {
  const name = [pick(FIRST), pick(SECOND), pick(INDUSTRY), pick(FORMS)].filter(Boolean).join(' ');
  const key = normalizeName(name);
  if (seen.has(key)) continue;
  seen.add(key);
  if (listed.has(key)) {
    excluded++;
    continue;
  }
  clean.push(name);
}

// ---------------------------------------------------------------------------------------------------
// Run: warm up, then screen every query once, timing each call.

for (const { query } of categories.exact.slice(0, 200)) screener.screenName(query, { limit: 50 });
const latencies = [];
const screen = (query) => {
  const t = performance.now();
  const hits = screener.screenName(query, { limit: 50 });
  latencies.push(performance.now() - t);
  return hits;
};

const thresholds = screener.thresholds;
const rows = [];
const misses = {};
for (const [category, items] of Object.entries(categories)) {
  let found = 0;
  let top = 0;
  let asMatch = 0;
  misses[category] = [];
  for (const { query, entry } of items) {
    const hits = screen(query);
    const hit = hits.find((h) => h.list === entry.listId && h.entry_id === entry.entryId);
    if (hit) found++;
    // Top: no other entry scores higher (several entries can share a name).
    if (hit && hit.score === hits[0]?.score) top++;
    else misses[category].push(`${query}  (${entry.listId} ${entry.entryId}: ${entry.name})`);
    if (hit && classifyScore(hit.score, thresholds) === 'match') asMatch++;
  }
  const target = category === 'exact' || category === 'normalised' ? 0.98 : 0.9;
  rows.push([
    category,
    items.length,
    found / items.length,
    top / items.length,
    asMatch / items.length,
    `recall ≥ ${target}`,
    found / items.length >= target,
  ]);
}
const closest = [];
let falsePositives = 0;
let falseMatches = 0;
const fpExamples = [];
for (const name of clean) {
  const hits = screen(name);
  const near = screener.screenName(name, { limit: 1, minScore: 0.5 })[0];
  if (near) closest.push([name, near]);
  if (hits.length > 0) {
    falsePositives++;
    if (classifyScore(hits[0].score, thresholds) === 'match') falseMatches++;
    if (fpExamples.length < 10) fpExamples.push(`${name} → ${hits[0].matched_name} (${hits[0].score})`);
  }
}
const fpRate = falsePositives / clean.length;
closest.sort((a, b) => b[1].score - a[1].score);

latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
const ms = (v) => v.toFixed(3);

// ---------------------------------------------------------------------------------------------------
// Report.

const size = screener.size;
console.log(`lists: OFAC SDN ${ofac.entries.length} entries, UN consolidated ${un.entries.length} entries`);
console.log(
  `indexed: ${size.entries} entries, ${size.names} distinct names (primary + aliases), ${size.tokens} distinct tokens`,
);
console.log(
  `parse ${ms(parseMs)} ms, SQLite import ${ms(importMs)} ms, screener load (read + index) ${ms(loadMs)} ms, heap ${heapMb.toFixed(0)} MB`,
);
console.log(
  `thresholds: match ≥ ${thresholds.match}, potential_match ≥ ${thresholds.potentialMatch}; seed ${args.seed}`,
);
console.log('');
const table = [
  ['category', 'queries', 'recall (≥ potential)', 'ranked first', 'as match (≥ match)', 'target', 'pass/fail'],
  ...rows.map(([c, n, r, f, m, t, ok]) => [
    c,
    String(n),
    r.toFixed(3),
    f.toFixed(3),
    m.toFixed(3),
    t,
    ok ? 'PASS' : 'FAIL',
  ]),
  [
    'clean names',
    String(clean.length),
    `FP ${(fpRate * 100).toFixed(2)} %`,
    '—',
    `FP ${((falseMatches / clean.length) * 100).toFixed(2)} %`,
    'FP ≤ 1 %',
    fpRate <= 0.01 ? 'PASS' : 'FAIL',
  ],
  [
    'latency / name',
    String(latencies.length),
    `p50 ${ms(pct(50))} ms`,
    `p90 ${ms(pct(90))} ms`,
    `p99 ${ms(pct(99))} ms`,
    'p99 ≤ 5 ms',
    pct(99) <= 5 ? 'PASS' : 'FAIL',
  ],
];
const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(table[0]));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of table.slice(1)) console.log(line(r));
console.log('');
console.log(`latency ms: p50 ${ms(pct(50))}, p90 ${ms(pct(90))}, p99 ${ms(pct(99))}, max ${ms(latencies.at(-1))}`);
console.log(
  `closest clean names (best score on the lists, at any level): ${closest
    .slice(0, 5)
    .map(([n, h]) => `${n} → ${h.matched_name} ${h.score}`)
    .join('; ')}`,
);
console.log(`clean names left out because they are listed: ${excluded}`);
for (const [category, list] of Object.entries(misses)) {
  if (list.length > 0)
    console.log(
      `\nmissed (${category}), first ${Math.min(8, list.length)} of ${list.length}:\n  ${list.slice(0, 8).join('\n  ')}`,
    );
}
if (fpExamples.length > 0) console.log(`\nfalse positives, first ${fpExamples.length}:\n  ${fpExamples.join('\n  ')}`);

db.close();
rmSync(dir, { recursive: true, force: true });
