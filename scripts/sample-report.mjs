#!/usr/bin/env node
// Writes docs/report-sample.pdf and docs/report-sample.png (page 1, rendered by poppler's pdftoppm): the
// report of a realistic verification, made by a real hub in this process with the real sanctions lists
// from ../shared/data, an uploaded certificate and an analyst's decision. Needs `tsc -b` and pdftoppm
// (apt-get install poppler-utils).
//
//   npm run build && node scripts/sample-report.mjs

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { ROOT } from './bench-lib.mjs';

const dist = (file) => import(pathToFileURL(path.join(ROOT, 'core', 'dist', file)).href);
const { startHub } = await dist('server.js');
const { parseEnv } = await dist('config/env.js');
const { silentLogger } = await dist('observability/logger.js');
const { importListFiles } = await dist('sanctions/index.js');

const shared = (p) => path.join(ROOT, '..', 'shared', 'data', 'sanctions', p);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keybs-sample-'));
const hub = await startHub({
  env: parseEnv({ KEYBS_DATA_DIR: dataDir, PORT: '0', KEYBS_PUBLIC_URL: 'https://trust.example.com' }),
  logger: silentLogger,
});
try {
  const store = hub.services.store.sanctions;
  await importListFiles(store, 'ofac-csv', [shared('ofac/sdn.csv'), shared('ofac/alt.csv'), shared('ofac/add.csv')]);
  await importListFiles(store, 'un-xml', [shared('un/consolidated.xml')]);
  await hub.services.sanctions.reloadIfChanged();
  const { secret } = await hub.services.keys.create({ env: 'test', name: 'sample' });
  const call = async (method, p, body) => {
    const res = await fetch(hub.url + p, {
      method,
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: body && JSON.stringify(body),
    });
    return res.json();
  };
  const order = await call('POST', '/v1/verifications', {
    supplier: 'Meridian Components Sdn. Bhd.',
    country_code: 'MY',
    registration_id: '1287654-K',
    package: 'enhanced',
    external_ref: 'SUP-00912',
    beneficiaries: [{ name: 'Aminah binti Yusof', ownership_pct: 60, date_of_birth: '1979-03-14', nationality: 'MY' }],
  });
  const id = order.verification_id;
  for (;;) {
    if ((await call('GET', `/v1/verifications/${id}`)).status === 'in_review') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage();
  const lines = [
    'SURUHANJAYA SYARIKAT MALAYSIA / COMPANIES COMMISSION OF MALAYSIA',
    'Certificate of Incorporation of Private Company',
    'This is to certify that MERIDIAN COMPONENTS SDN. BHD. Company No. 1287654-K',
    'is on and from the 14th day of May 2018 incorporated under the Companies Act 2016.',
  ];
  for (const [i, line] of lines.entries()) page.drawText(line, { x: 40, y: 760 - 20 * i, size: 10, font });
  const form = new FormData();
  form.set('type', 'certificate_of_incorporation');
  form.set('file', new Blob([await doc.save()], { type: 'application/pdf' }), 'certificate.pdf');
  await fetch(`${hub.url}/v1/verifications/${id}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}` },
    body: form,
  });
  await call('POST', `/v1/reviews/${id}/claim`, { analyst: 'Ada Okafor' });
  await call('POST', `/v1/reviews/${id}/decide`, {
    analyst: 'Ada Okafor',
    recommendation: 'proceed_with_controls',
    notes: 'SSM extract matches the certificate; registry not online for MY, checked by hand.',
  });
  const res = await fetch(`${hub.url}/v1/verifications/${id}/report`, {
    headers: { authorization: `Bearer ${secret}`, accept: 'application/pdf' },
  });
  const pdf = Buffer.from(await res.arrayBuffer());
  const out = path.join(ROOT, 'docs', 'report-sample.pdf');
  writeFileSync(out, pdf);
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', out, out.replace(/\.pdf$/, '')]);
  console.log(`wrote ${out} (${pdf.length} bytes) and docs/report-sample.png`);
} finally {
  await hub.close();
  rmSync(dataDir, { recursive: true, force: true });
}
