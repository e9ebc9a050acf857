/** Make's parameter and interface field (the JSON of `parameters`, `expect` and `interface`). */
export interface MakeField {
  name: string;
  type: string;
  label?: string;
  help?: string;
  required?: boolean;
  default?: unknown;
  multiple?: boolean;
  options?: string | Array<{ label: string; value: string }>;
  spec?: MakeField[];
  validate?: { min?: number; max?: number; pattern?: string; maxItems?: number };
  time?: boolean;
}

/** A Make request definition (communication), kept as data: every string may hold `{{…}}` IML. */
export interface MakeRequest {
  url?: string;
  method?: 'GET' | 'POST' | 'DELETE';
  headers?: Record<string, string>;
  qs?: Record<string, string | number>;
  body?: unknown;
  type?: 'json';
  response?: {
    output?: unknown;
    iterate?: string;
    limit?: string;
    data?: Record<string, string>;
    error?: { message: string };
  };
  log?: { sanitize: string[] };
}

export interface MakeBase {
  baseUrl: string;
  headers: Record<string, string>;
  response: { error: { message: string } };
  log: { sanitize: string[] };
}
