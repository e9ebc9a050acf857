import { KeyBs, type Verification } from '@keybs/sdk';

export const SALESFORCE_PLUGIN = '@keybs/connector-salesforce';

/** One supplier of the sample: ordered as a GB basic test verification naming its Salesforce Account. */
export interface SampleSupplier {
  supplier: string;
  salesforce_account_id: string;
  external_ref?: string;
}

export interface ReplayRow {
  account: string;
  supplier: string;
  verification_id: string;
  recommendation: string;
  trust_score: number;
}

export interface ReplayResult {
  rows: ReplayRow[];
  /** The plugin's counts once it caught up (`GET /v1/plugins`). */
  plugin: { delivered: number; dead_letters: number; last_error: string | null };
}

export interface ReplayOptions {
  hubUrl: string;
  /** A test key (`sk_test_…`): the sample is ordered in test mode. */
  apiKey: string;
  sample: SampleSupplier[];
  /** How long to wait for the decisions and the sync (default 60 s). */
  timeoutMs?: number;
}

interface PluginStatus {
  name: string;
  lag: number;
  pending: number;
  delivered: number;
  dead_letters: number;
  last_error: string | null;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, deadline: number, probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await wait(100);
  }
}

/**
 * Replays the sample through a hub running the Salesforce plugin: orders each supplier (test mode, with
 * `metadata.salesforce_account_id`), advances any that wait for an analyst, and waits until the plugin has
 * written every decision to Salesforce.
 */
export async function replayDecisions(options: ReplayOptions): Promise<ReplayResult> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const keybs = new KeyBs({ apiKey: options.apiKey, baseUrl: options.hubUrl });
  const pluginStatus = async (): Promise<PluginStatus> => {
    const res = await fetch(`${options.hubUrl.replace(/\/+$/, '')}/v1/plugins`, {
      headers: { authorization: `Bearer ${options.apiKey}` },
    });
    if (!res.ok) throw new Error(`GET /v1/plugins answered ${res.status}`);
    const found = ((await res.json()) as { data: PluginStatus[] }).data.find((p) => p.name === SALESFORCE_PLUGIN);
    if (!found) throw new Error(`the hub does not run ${SALESFORCE_PLUGIN}: enable it in its config file`);
    return found;
  };
  const before = (await pluginStatus()).delivered;

  const ordered: { sample: SampleSupplier; verification: Verification }[] = [];
  for (const sample of options.sample) {
    const verification = await keybs.verifications.create({
      supplier: sample.supplier,
      country_code: 'GB',
      registration_id: '09446231',
      package: 'basic',
      ...(sample.external_ref && { external_ref: sample.external_ref }),
      metadata: { salesforce_account_id: sample.salesforce_account_id },
    });
    ordered.push({ sample, verification });
  }
  const rows: ReplayRow[] = [];
  for (const { sample, verification } of ordered) {
    const decided = await until(`${verification.verification_id} to be decided`, deadline, async () => {
      const v = await keybs.verifications.retrieve(verification.verification_id);
      if (v.status === 'in_review') return keybs.testHelpers.advanceVerification(v.verification_id);
      return v.decision ? v : undefined;
    });
    const decision = decided.decision;
    if (!decision) throw new Error(`${decided.verification_id} has no decision`);
    rows.push({
      account: sample.salesforce_account_id,
      supplier: sample.supplier,
      verification_id: decided.verification_id,
      recommendation: decision.recommendation,
      trust_score: decision.trust_score,
    });
  }
  const synced = await until('the Salesforce plugin to catch up', deadline, async () => {
    const s = await pluginStatus();
    const handled = s.delivered + s.dead_letters - before;
    return s.lag === 0 && s.pending === 0 && handled >= rows.length ? s : undefined;
  });
  return {
    rows,
    plugin: { delivered: synced.delivered, dead_letters: synced.dead_letters, last_error: synced.last_error },
  };
}

/** The rows as a plain-text table. */
export function formatTable(rows: ReplayRow[]): string {
  const header = ['account', 'supplier', 'verification', 'recommendation', 'trust'];
  const cells = rows.map((r) => [r.account, r.supplier, r.verification_id, r.recommendation, String(r.trust_score)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
