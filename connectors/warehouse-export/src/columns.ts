/** The portable type of a column; each sink maps it to its own SQL type. */
export type ColumnType = 'string' | 'bool' | 'int' | 'float' | 'timestamp' | 'json';

export interface Column {
  name: string;
  type: ColumnType;
  nullable: boolean;
  description: string;
}

const col = (name: string, type: ColumnType, nullable: boolean, description: string): Column => ({
  name,
  type,
  nullable,
  description,
});

/** The columns of `keybs_decisions`, in order (documented in the package README). */
export const DECISION_COLUMNS: readonly Column[] = [
  col('verification_id', 'string', false, 'KBS-VR-YYYY-NNNNNN; the MERGE key'),
  col('livemode', 'bool', false, 'true for live-mode verifications'),
  col('supplier', 'string', false, 'supplier name as ordered'),
  col('country_code', 'string', false, 'ISO 3166-1 alpha-2'),
  col('registration_id', 'string', false, 'registration number as ordered'),
  col('external_ref', 'string', true, "the caller's own id"),
  col('package', 'string', false, 'basic | standard | enhanced'),
  col('status', 'string', false, 'completed'),
  col('trust_score', 'int', false, '0-100'),
  col('risk_band', 'string', false, 'low | medium | high | critical'),
  col('confidence', 'float', false, '0-1'),
  col('country_tier', 'int', false, '1-3'),
  col('registry_status', 'string', false, 'active | inactive | dissolved | not_found | unavailable'),
  col('sanctions_status', 'string', true, 'clear | potential_match | match (null: no list screened)'),
  col('document_score', 'float', true, '0-1, null without a document'),
  col('beneficiary', 'string', false, 'match | partial_match | no_match | not_provided'),
  col('analyst', 'string', true, 'null for automated decisions'),
  col('recommendation', 'string', false, 'proceed | proceed_with_controls | enhanced_due_diligence | reject'),
  col('report_url', 'string', false, 'public trust-profile page'),
  col('signed_at', 'timestamp', false, 'when the decision was signed (UTC)'),
  col('created_at', 'timestamp', false, 'when the verification was ordered (UTC)'),
  col('decided_at', 'timestamp', false, 'when the decision was issued (UTC); the export order'),
  col('checks', 'json', false, 'array of {type, status, outcome} in check order'),
  col('exported_at', 'timestamp', false, 'when this row was last written by the export (UTC)'),
];

/** The watermark table, one row per mode (`live`, `test`): the last exported (decided_at, verification_id). */
export const STATE_COLUMNS: readonly Column[] = [
  col('mode', 'string', false, 'live | test'),
  col('decided_at_ms', 'int', false, 'decided_at of the last exported decision, ms since the epoch'),
  col('verification_id', 'string', false, 'id of the last exported decision (ties on decided_at)'),
  col('updated_at_ms', 'int', false, 'when the watermark last moved, ms since the epoch'),
];

export const DECISIONS_TABLE = 'keybs_decisions';
export const STATE_TABLE = 'keybs_export_state';

/** A row of `keybs_decisions`; times in ms since the epoch, `checks` as JSON text. */
export interface DecisionRow {
  verification_id: string;
  livemode: boolean;
  supplier: string;
  country_code: string;
  registration_id: string;
  external_ref: string | null;
  package: string;
  status: string;
  trust_score: number;
  risk_band: string;
  confidence: number;
  country_tier: number;
  registry_status: string;
  sanctions_status: string | null;
  document_score: number | null;
  beneficiary: string;
  analyst: string | null;
  recommendation: string;
  report_url: string;
  signed_at: number;
  created_at: number;
  decided_at: number;
  checks: string;
  exported_at: number;
}

export type Mode = 'live' | 'test';

/** Where an export stopped: the keyset position of the last decision written. */
export interface Watermark {
  decidedAtMs: number;
  verificationId: string;
}

/** The expected columns that a target table lacks or types differently. */
export class SchemaDriftError extends Error {
  override name = 'SchemaDriftError';
  readonly retryable = false;
}

/**
 * Compares a table's actual columns (name → portable type, or null for a type this sink does not map) with the
 * expected ones; extra columns are allowed (a warehouse team may add their own).
 */
export function checkSchema(
  table: string,
  where: string,
  expected: readonly Column[],
  actual: Map<string, ColumnType | null>,
): void {
  const problems: string[] = [];
  for (const c of expected) {
    const found = actual.get(c.name);
    if (found === undefined) problems.push(`missing column ${c.name} (${c.type})`);
    else if (found !== c.type) problems.push(`column ${c.name} is ${found ?? 'of another type'}, expected ${c.type}`);
  }
  if (problems.length > 0)
    throw new SchemaDriftError(
      `table ${table} in ${where} does not match the export's schema: ${problems.join('; ')}. ` +
        'Restore the columns, or point the export at a new table (see the package README).',
    );
}
