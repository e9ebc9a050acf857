import { createHash } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';

export interface ReportCheck {
  /** True when every part checked out. */
  valid: boolean;
  /** The key that signed it, when the JWS names one. */
  kid: string | null;
  /** What failed, each naming the part: `signature: …`, `dossier: …`, `pdf: …`, `jwks: …`. */
  problems: string[];
  /** The dossier as signed (the JWS payload), when the signature verified. */
  signed: Record<string, unknown> | null;
}

export interface ReportToCheck {
  dossier: unknown;
  jws: string;
}

/** Paths where two JSON values differ (at most `limit`), e.g. `decision.trust_score`. */
function differences(a: unknown, b: unknown, path = '', out: string[] = [], limit = 5): string[] {
  if (out.length >= limit) return out;
  const here = path || '(root)';
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${here} (length ${a.length} vs ${b.length})`);
    else {
      for (const [i, x] of a.entries()) differences(x, b[i], `${path}[${i}]`, out, limit);
    }
    return out;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      differences(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        path ? `${path}.${k}` : k,
        out,
        limit,
      );
    }
    return out;
  }
  if (a !== b) out.push(here);
  return out;
}

/**
 * Verifies a KeyBS report offline: the compact JWS (EdDSA) under the key its `kid` names in `jwks`, the dossier
 * against the signed payload, and, when given, the PDF against the signed `pdf_sha256`. Never throws for a bad
 * report: each failure is a problem naming the part.
 */
export async function verifyReport(
  report: ReportToCheck,
  jwks: { keys: JWK[] },
  pdf?: Uint8Array,
): Promise<ReportCheck> {
  const problems: string[] = [];
  let kid: string | null = null;
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(report.jws);
  } catch {
    return { valid: false, kid, problems: ['signature: the jws is not a compact JWS'], signed: null };
  }
  kid = typeof header.kid === 'string' ? header.kid : null;
  if (header.alg !== 'EdDSA') problems.push(`signature: alg is ${String(header.alg)}, expected EdDSA`);
  if (kid === null)
    return { valid: false, kid, problems: [...problems, 'signature: the JWS header has no kid'], signed: null };
  const jwk = jwks.keys.find((k) => k.kid === kid);
  if (!jwk) {
    const known = jwks.keys.map((k) => k.kid).join(', ') || 'none';
    return {
      valid: false,
      kid,
      problems: [...problems, `jwks: no key with kid ${kid} (keys: ${known})`],
      signed: null,
    };
  }
  let signed: Record<string, unknown>;
  try {
    const key = await importJWK(jwk, 'EdDSA');
    const { payload } = await compactVerify(report.jws, key, { algorithms: ['EdDSA'] });
    signed = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
  } catch {
    return {
      valid: false,
      kid,
      problems: [...problems, `signature: the JWS does not verify under key ${kid}`],
      signed: null,
    };
  }
  const changed = differences(report.dossier, signed);
  if (changed.length > 0) problems.push(`dossier: differs from the signed payload at ${changed.join(', ')}`);
  if (pdf) {
    const sha = createHash('sha256').update(pdf).digest('hex');
    if (sha !== signed.pdf_sha256) {
      problems.push(`pdf: its SHA-256 ${sha} is not the signed pdf_sha256 ${String(signed.pdf_sha256)}`);
    }
  }
  return { valid: problems.length === 0, kid, problems, signed };
}
