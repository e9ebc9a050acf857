/**
 * A minimal interpreter of the IML this app uses, no more: `{{path.to.value}}`, string and number
 * literals, and the functions `encodeURL(x)` and `toCollection(list, 'key', 'value')`. As in Make, a string
 * that is one whole `{{…}}` keeps the value's type (an object stays an object); `{{…}}` inside longer text
 * is written as text, undefined as nothing.
 */

export type Scope = Record<string, unknown>;

const FUNCTIONS: Record<string, (...args: unknown[]) => unknown> = {
  encodeURL: (value) => encodeURIComponent(String(value ?? '')),
  toCollection: (list, key, value) => {
    if (!Array.isArray(list)) return undefined;
    return Object.fromEntries(list.map((item: any) => [item[String(key)], item[String(value)]]));
  },
};

function path(scope: Scope, dotted: string): unknown {
  let value: unknown = scope;
  for (const part of dotted.split('.')) {
    if (value === null || value === undefined || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Parses and evaluates one expression (the text between `{{` and `}}`). */
export function evaluateExpression(source: string, scope: Scope): unknown {
  let at = 0;
  const skip = () => {
    while (source[at] === ' ') at++;
  };
  const expression = (): unknown => {
    skip();
    const rest = source.slice(at);
    const string = /^'([^']*)'/.exec(rest);
    if (string) {
      at += string[0].length;
      return string[1];
    }
    const number = /^-?\d+(\.\d+)?/.exec(rest);
    if (number) {
      at += number[0].length;
      return Number(number[0]);
    }
    const name = /^[A-Za-z_][\w.]*/.exec(rest);
    if (!name) throw new Error(`IML: unexpected ${JSON.stringify(rest)} in {{${source}}}`);
    at += name[0].length;
    skip();
    if (source[at] !== '(') return path(scope, name[0]);
    const fn = FUNCTIONS[name[0]];
    if (!fn) throw new Error(`IML: unknown function ${name[0]} in {{${source}}}`);
    at++;
    const args: unknown[] = [];
    skip();
    while (source[at] !== ')') {
      args.push(expression());
      skip();
      if (source[at] === ',') at++;
      else if (source[at] !== ')') throw new Error(`IML: expected , or ) in {{${source}}}`);
    }
    at++;
    return fn(...args);
  };
  const value = expression();
  skip();
  if (at !== source.length) throw new Error(`IML: trailing ${JSON.stringify(source.slice(at))} in {{${source}}}`);
  return value;
}

/** Evaluates every IML string inside a template (a string, or objects and arrays of them). */
export function evaluate(template: unknown, scope: Scope): unknown {
  if (typeof template === 'string') {
    const whole = /^\{\{([^{}]*)\}\}$/.exec(template);
    if (whole) return evaluateExpression(whole[1] as string, scope);
    return template.replace(/\{\{([^{}]*)\}\}/g, (_, expr: string) => {
      const value = evaluateExpression(expr, scope);
      if (value === undefined || value === null) return '';
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
    });
  }
  if (Array.isArray(template)) return template.map((item) => evaluate(item, scope));
  if (typeof template === 'object' && template !== null) {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, evaluate(v, scope)]));
  }
  return template;
}
