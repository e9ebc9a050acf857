import type { JsonSchema, SchemaDocument } from './json-schema.js';
import { HELP, labelOf } from './labels.js';
import type { MakeField } from './make-types.js';

/** Per-field choices the schema cannot express: where a select takes its options from. */
export type OptionSources = Record<string, string>;

function typeOf(node: JsonSchema): string | undefined {
  return Array.isArray(node.type) ? node.type[0] : node.type;
}

function isRecord(node: JsonSchema): boolean {
  return typeOf(node) === 'object' && node.properties === undefined && typeof node.additionalProperties === 'object';
}

/** A key/value object (`metadata`) is entered in Make as a list of key/value pairs. */
const KEY_VALUE_SPEC: MakeField[] = [
  { name: 'key', type: 'text', label: 'Key', required: true },
  { name: 'value', type: 'text', label: 'Value' },
];

/** One mappable parameter from a request field. */
export function parameterOf(
  doc: SchemaDocument,
  name: string,
  schema: JsonSchema,
  required: boolean,
  sources: OptionSources = {},
): MakeField {
  const node = doc.nonNull(schema);
  const field: MakeField = { name, type: 'text', label: labelOf(name) };
  const help = HELP[name];
  if (help) field.help = help;
  // A field with a default is never required of the user: the hub fills it in.
  if (required && node.default === undefined) field.required = true;
  if (node.default !== undefined) field.default = node.default;
  const type = typeOf(node);
  const source = sources[name];
  if (source !== undefined) {
    field.type = 'select';
    field.options = source;
  } else if (node.enum) {
    field.type = 'select';
    field.options = node.enum.map((v) => ({ label: String(v), value: String(v) }));
  } else if (type === 'number' || type === 'integer') {
    field.type = type === 'integer' ? 'integer' : 'number';
    field.validate = {
      ...(node.minimum !== undefined && { min: node.minimum }),
      ...(node.maximum !== undefined && { max: node.maximum }),
    };
  } else if (type === 'boolean') {
    field.type = 'boolean';
  } else if (isRecord(node)) {
    field.type = 'array';
    field.spec = KEY_VALUE_SPEC;
  } else if (type === 'array' && node.items) {
    field.type = 'array';
    field.spec = doc.properties(node.items).map(([n, s, r]) => parameterOf(doc, n, s, r, sources));
    if (node.maxItems !== undefined) field.validate = { maxItems: node.maxItems };
  } else if (type === 'string' && node.maxLength !== undefined) {
    field.validate = { max: node.maxLength };
  }
  return field;
}

/** The mappable parameters of a request body or query, in the contract's field order. */
export function parametersOf(doc: SchemaDocument, sources: OptionSources = {}): MakeField[] {
  return doc.properties(doc.root).map(([name, schema, required]) => parameterOf(doc, name, schema, required, sources));
}

/** The IML that sends a parameter as the hub expects it (a key/value list becomes an object again). */
export function bodyValueOf(doc: SchemaDocument, name: string, schema: JsonSchema): string {
  return isRecord(doc.nonNull(schema))
    ? `{{toCollection(parameters.${name}, 'key', 'value')}}`
    : `{{parameters.${name}}}`;
}

/** One interface (output) field from a response field. */
export function outputOf(doc: SchemaDocument, name: string, schema: JsonSchema): MakeField {
  const node = doc.nonNull(schema);
  const field: MakeField = { name, type: 'any', label: labelOf(name) };
  const type = typeOf(node);
  if (node.anyOf) field.type = 'any';
  else if (type === 'string' && node.format === 'date-time') {
    field.type = 'date';
    field.time = true;
  } else if (type === 'string') field.type = 'text';
  else if (type === 'number') field.type = 'number';
  else if (type === 'integer') field.type = 'integer';
  else if (type === 'boolean') field.type = 'boolean';
  else if (type === 'object') {
    field.type = 'collection';
    if (node.properties) field.spec = interfaceOf(doc, node);
  } else if (type === 'array') {
    field.type = 'array';
    const items = node.items ? doc.nonNull(node.items) : undefined;
    if (items && typeOf(items) === 'object' && items.properties) field.spec = interfaceOf(doc, items);
  }
  return field;
}

export function interfaceOf(doc: SchemaDocument, node: JsonSchema = doc.root): MakeField[] {
  return doc.properties(node).map(([name, schema]) => outputOf(doc, name, schema));
}

/** The fields of several payloads in one interface (the trigger delivers either kind of event). */
export function mergedInterface(...interfaces: MakeField[][]): MakeField[] {
  const byName = new Map<string, MakeField>();
  for (const fields of interfaces) {
    for (const field of fields) {
      const seen = byName.get(field.name);
      if (seen === undefined) byName.set(field.name, field);
      else if (seen.type !== field.type) byName.set(field.name, { ...seen, type: 'any' });
    }
  }
  return [...byName.values()];
}
