import { existsSync, readFileSync } from 'node:fs';
import { verifyReport } from '@keybs/contract';
import type { JWK } from 'jose';
import { parse, UsageError } from './args.js';

export const VERIFY_REPORT_HELP = `keybs verify-report FILE [--pdf FILE] [--jwks URL|FILE]
  Checks a saved JSON report (GET /v1/verifications/:id/report): its JWS, the dossier against the signed
  payload, and the PDF beside it (FILE with .pdf, or --pdf) against the signed pdf_sha256. Keys come from
  --jwks (a hub's /.well-known/jwks.json or a saved copy: offline), else from the issuer named in the report.
  Exit 0 valid, 1 invalid (each failing part named), 2 unusable input.`;

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${what} ${file} is not JSON`);
  }
}

async function loadJwks(source: string): Promise<{ keys: JWK[] }> {
  let value: unknown;
  if (/^https?:\/\//.test(source)) {
    const res = await fetch(source, { signal: AbortSignal.timeout(10_000) }).catch((error: unknown) => {
      throw new UsageError(`cannot fetch the JWKS ${source}: ${(error as Error).message}`);
    });
    if (!res.ok) throw new UsageError(`the JWKS ${source} answered ${res.status}`);
    value = await res.json().catch(() => undefined);
  } else {
    value = readJson(source, 'JWKS');
  }
  const keys = (value as { keys?: unknown } | undefined)?.keys;
  if (!Array.isArray(keys)) throw new UsageError(`${source} is not a JWK Set (no "keys" array)`);
  return { keys: keys as JWK[] };
}

export async function verifyReportCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    pdf: { type: 'string' },
    jwks: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  const [file] = positionals;
  if (values.help) return void console.log(VERIFY_REPORT_HELP);
  if (!file) throw new UsageError(`verify-report needs the report FILE\n${VERIFY_REPORT_HELP}`);
  const report = readJson(file, 'report') as { dossier?: { issuer?: { jwks_url?: unknown } }; jws?: unknown };
  if (typeof report?.jws !== 'string' || typeof report.dossier !== 'object') {
    throw new UsageError(`${file} is not a KeyBS report ({"dossier":…,"jws":…})`);
  }
  const beside = `${file.replace(/\.json$/i, '')}.pdf`;
  const pdfFile = values.pdf ?? (existsSync(beside) ? beside : undefined);
  if (values.pdf && !existsSync(values.pdf)) throw new UsageError(`no PDF at ${values.pdf}`);
  const jwksSource =
    values.jwks ?? (typeof report.dossier.issuer?.jwks_url === 'string' ? report.dossier.issuer.jwks_url : undefined);
  if (!jwksSource) throw new UsageError('no JWKS: pass --jwks URL|FILE');
  const jwks = await loadJwks(jwksSource);
  const pdf = pdfFile ? readFileSync(pdfFile) : undefined;
  const result = await verifyReport({ dossier: report.dossier, jws: report.jws }, jwks, pdf);
  if (result.valid) {
    const d = result.signed as {
      verification_id?: string;
      supplier?: { name?: string };
      decision?: { recommendation?: string; signed_at?: string };
    };
    console.log(
      `valid: ${d.verification_id} (${d.supplier?.name}: ${d.decision?.recommendation}) signed ${d.decision?.signed_at} by key ${result.kid}`,
    );
    console.log(
      `  keys from ${jwksSource}${pdfFile ? `; PDF ${pdfFile} matches the signed pdf_sha256` : '; no PDF checked'}`,
    );
    return;
  }
  console.log(`INVALID: ${file}`);
  for (const problem of result.problems) console.log(`  ${problem}`);
  process.exitCode = 1;
}
