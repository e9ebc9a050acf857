import { z } from 'zod';

/** The part of JSON Schema that zod emits for the contract and the generator reads. */
export interface JsonSchema {
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  pattern?: string;
}

/** A contract schema as JSON Schema, with `$ref`s resolved against its `$defs`. */
export class SchemaDocument {
  private readonly defs: Record<string, JsonSchema>;
  readonly root: JsonSchema;

  constructor(schema: z.ZodType, io: 'input' | 'output') {
    const doc = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
    this.defs = doc.$defs ?? {};
    this.root = this.resolve(doc);
  }

  resolve(node: JsonSchema): JsonSchema {
    if (node.$ref === undefined) return node;
    const name = node.$ref.replace('#/$defs/', '');
    const target = this.defs[name];
    if (target === undefined) throw new Error(`unresolved $ref ${node.$ref}`);
    return this.resolve(target);
  }

  /** The schema without its `null` alternative (nullable fields are simply optional to Make). */
  nonNull(node: JsonSchema): JsonSchema {
    const resolved = this.resolve(node);
    if (resolved.anyOf) {
      const rest = resolved.anyOf.filter((s) => this.resolve(s).type !== 'null');
      if (rest.length === 1 && rest[0]) return this.nonNull(rest[0]);
    }
    if (Array.isArray(resolved.type)) {
      const types = resolved.type.filter((t) => t !== 'null');
      if (types.length === 1) return { ...resolved, type: types[0] };
    }
    return resolved;
  }

  properties(node: JsonSchema): Array<[string, JsonSchema, boolean]> {
    const resolved = this.nonNull(node);
    const required = new Set(resolved.required ?? []);
    return Object.entries(resolved.properties ?? {}).map(([name, schema]) => [name, schema, required.has(name)]);
  }
}
