/**
 * One SQLite value as the PostgreSQL column wants it. SQLite keeps booleans as 0/1 and times, counters and
 * sequence numbers as INTEGER (read as BigInt, so no value is rounded); PostgreSQL has BOOLEAN, BIGINT and
 * BYTEA. JSON stays TEXT on both sides, so it is copied byte for byte. `pgType` is information_schema's
 * `data_type` of the target column.
 */
export type Convert = (value: unknown) => unknown;

export class ConversionError extends Error {
  override name = 'ConversionError';
}

const describe = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : String(value));

export function converterFor(table: string, column: string, pgType: string): Convert {
  const refuse = (value: unknown, what: string): never => {
    throw new ConversionError(`${table}.${column}: ${describe(value)} is not ${what}`);
  };
  switch (pgType) {
    case 'boolean':
      return (value) => {
        if (value === null) return null;
        if (value === 0 || value === 0n) return false;
        if (value === 1 || value === 1n) return true;
        return refuse(value, 'a boolean (0 or 1)');
      };
    case 'bytea':
      return (value) => {
        if (value === null || Buffer.isBuffer(value)) return value;
        if (typeof value === 'string') return Buffer.from(value, 'utf8');
        return refuse(value, 'binary data');
      };
    case 'text':
      // TEXT affinity already turns numbers into text; a BLOB in a TEXT column is UTF-8 text written as bytes.
      return (value) => (Buffer.isBuffer(value) ? value.toString('utf8') : value);
    default:
      // Integers (BigInt) and reals (number) are sent as their decimal text: PostgreSQL parses them exactly, and
      // refuses (naming the value) anything that is not a number of its column's type.
      return (value) => value;
  }
}
