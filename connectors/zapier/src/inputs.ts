/** Readers for `bundle.inputData`, whose values arrive as whatever the user mapped (often strings). */

export type InputData = Record<string, unknown>;

/** A trimmed non-empty string, or undefined when the field was left empty. */
export function optionalText(input: InputData, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

/** A number, or undefined when empty; anything else is refused before calling the hub. */
export function optionalNumber(input: InputData, key: string, label: string): number | undefined {
  const text = optionalText(input, key);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new Error(`${label} must be a number, not ${JSON.stringify(text)}.`);
  return n;
}

/** A key/value field (`dict: true`) as a string record, or undefined when empty. */
export function optionalDict(input: InputData, key: string): Record<string, string> | undefined {
  const value = input[key];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value).filter(([k]) => k.trim() !== '');
  if (entries.length === 0) return undefined;
  return Object.fromEntries(entries.map(([k, v]) => [k.trim(), v === null || v === undefined ? '' : String(v)]));
}

/** Line items (`children`) as plain objects, or undefined when none was given. */
export function optionalRows(input: InputData, key: string): InputData[] | undefined {
  const value = input[key];
  if (!Array.isArray(value)) return undefined;
  const rows = value.filter((row): row is InputData => typeof row === 'object' && row !== null);
  return rows.length === 0 ? undefined : rows;
}
