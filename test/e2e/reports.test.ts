import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeyBs } from '@keybs/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  pollUntil,
  removeDir,
  runCli,
  type SpawnedHub,
  startHub,
  stopAllHubs,
  tempDataDir,
} from '../helpers/spawn-hub.js';

const ORDER = { supplier: 'Report Test Ltd', country_code: 'GB', registration_id: '09446231', package: 'basic' };

describe('signed reports from a running hub, verified by the SDK and keybs verify-report', () => {
  let dataDir: string;
  let files: string;
  let hub: SpawnedHub;
  let sdk: KeyBs;

  const decide = async () => {
    const v = await sdk.verifications.create(ORDER);
    await pollUntil(
      async () => ((await sdk.verifications.retrieve(v.verification_id)).status === 'completed' ? true : undefined),
      {
        timeoutMs: 10_000,
        describe: () => `${v.verification_id} decided`,
      },
    );
    return v.verification_id;
  };

  /** Saves the report as a user would: report.json and report.pdf side by side. */
  const save = async (id: string, name: string) => {
    const json = join(files, `${name}.json`);
    writeFileSync(json, JSON.stringify(await sdk.reports.retrieve(id), null, 2));
    writeFileSync(join(files, `${name}.pdf`), await sdk.reports.pdf(id));
    return json;
  };

  beforeAll(async () => {
    dataDir = tempDataDir('keybs-reports');
    files = tempDataDir('keybs-report-files');
    hub = await startHub(dataDir);
    sdk = new KeyBs({ apiKey: hub.key!, baseUrl: hub.url, maxRetries: 0 });
  });

  afterAll(async () => {
    await stopAllHubs();
    removeDir(dataDir);
    removeDir(files);
  });

  it('the SDK fetches the report and its PDF and verifies both against the hub JWKS', async () => {
    const id = await decide();
    const report = await sdk.reports.retrieve(id);
    const pdf = await sdk.reports.pdf(id);
    expect(await sdk.reports.verify(report, { pdf })).toMatchObject({ valid: true, problems: [] });
    const tampered = {
      ...report,
      dossier: { ...report.dossier, supplier: { ...report.dossier.supplier, name: 'Other Ltd' } },
    };
    expect((await sdk.reports.verify(tampered)).problems).toEqual([
      'dossier: differs from the signed payload at supplier.name',
    ]);
  });

  it('verify-report checks the JSON and the PDF beside it against the hub, and offline against a saved JWKS', async () => {
    const file = await save(await decide(), 'report');
    const online = await runCli(['verify-report', file, '--jwks', `${hub.url}/.well-known/jwks.json`]);
    expect(online.code, online.stderr).toBe(0);
    expect(online.stdout).toMatch(
      /^valid: KBS-VR-\d{4}-\d{6} \(Report Test Ltd: proceed_with_controls\) signed .* by key [\w-]{43}/,
    );
    expect(online.stdout).toContain('report.pdf matches the signed pdf_sha256');

    const jwksFile = join(files, 'jwks.json');
    writeFileSync(jwksFile, (await api(hub.url, undefined, 'GET', '/v1/signing-keys')).text);
    const offline = await runCli(['verify-report', file, '--jwks', jwksFile]);
    expect(offline.code, offline.stderr).toBe(0);
  });

  it('says which part is wrong: a changed PDF, a JWKS without the kid, a file that is not a report', async () => {
    const file = await save(await decide(), 'tampered');
    writeFileSync(join(files, 'tampered.pdf'), Buffer.from('%PDF-1.7 not the same file'));
    const badPdf = await runCli(['verify-report', file, '--jwks', `${hub.url}/.well-known/jwks.json`]);
    expect(badPdf.code).toBe(1);
    expect(badPdf.stdout).toMatch(
      /INVALID: .*tampered\.json\n {2}pdf: its SHA-256 [0-9a-f]{64} is not the signed pdf_sha256/,
    );

    const emptyJwks = join(files, 'empty-jwks.json');
    writeFileSync(emptyJwks, '{"keys":[]}');
    const noKid = await runCli(['verify-report', file, '--pdf', join(files, 'report.pdf'), '--jwks', emptyJwks]);
    expect(noKid.code).toBe(1);
    expect(noKid.stdout).toMatch(/jwks: no key with kid [\w-]{43} \(keys: none\)/);

    writeFileSync(join(files, 'junk.json'), '{"hello":1}');
    const junk = await runCli(['verify-report', join(files, 'junk.json'), '--jwks', emptyJwks]);
    expect({ code: junk.code, err: junk.stderr.trim() }).toEqual({
      code: 2,
      err: `keybs: ${join(files, 'junk.json')} is not a KeyBS report ({"dossier":…,"jws":…})`,
    });
  });

  it('signing-keys rotate beside the running hub: new reports use the new key, old ones still verify', async () => {
    const oldFile = await save(await decide(), 'before-rotation');
    const rotated = await runCli(['signing-keys', 'rotate', '--data-dir', dataDir]);
    expect(rotated.code, rotated.stderr).toBe(0);
    const kid = /signed with ([\w-]{43})/.exec(rotated.stdout)?.[1];
    const listed = JSON.parse((await runCli(['signing-keys', 'list', '--json', '--data-dir', dataDir])).stdout);
    expect(listed.at(-1)).toMatchObject({ kid, retired_at: null });
    expect(listed.slice(0, -1).every((k: { retired_at: string | null }) => k.retired_at !== null)).toBe(true);

    const fresh = await sdk.reports.retrieve(await decide());
    expect(fresh.dossier.signing.kid).toBe(kid);
    const jwks = `${hub.url}/.well-known/jwks.json`;
    expect((await runCli(['verify-report', oldFile, '--jwks', jwks])).code).toBe(0);
  });
});
