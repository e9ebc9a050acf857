import { startTestHub, type TestHub } from '../../core/test/helpers/hub.js';

export const ADMIN = { email: 'ada@example.com', name: 'Ada Admin', password: 'correct horse battery staple' };
export const ANALYST = { email: 'ana@example.com', name: 'Ana Analyst', password: 'analyst passphrase 2026' };

export interface ConsoleHub extends TestHub {
  /** An HTTP client with its own cookie jar, not following redirects. */
  client(): ConsoleClient;
}

/** A real hub with one admin and one analyst made through the same service `keybs users create` uses. */
export async function startConsoleHub(options: Parameters<typeof startTestHub>[0] = {}): Promise<ConsoleHub> {
  const t = await startTestHub(options);
  await t.hub.services.users.create({ ...ADMIN, role: 'admin' });
  await t.hub.services.users.create({ ...ANALYST, role: 'analyst' });
  return Object.assign(t, { client: () => new ConsoleClient(t.url) });
}

export interface Page {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
}

/** A browser-like form client: keeps cookies, reads the CSRF token out of the last page. */
export class ConsoleClient {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  async get(path: string): Promise<Page> {
    return this.send(path, { method: 'GET' });
  }

  async post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Page> {
    return this.send(path, {
      method: 'POST',
      body: new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  }

  /** Signs in through the form; returns the answer to the POST. */
  async signIn(email: string, password: string): Promise<Page> {
    const form = await this.get('/console/sign-in');
    return this.post('/console/sign-in', { _csrf: csrfOf(form.text), email, password });
  }

  private async send(path: string, init: RequestInit): Promise<Page> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(this.base + path, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), ...(cookie && { cookie }) },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, headers: res.headers, text: await res.text(), location: res.headers.get('location') };
  }
}

/** The CSRF token of the first form on a page. */
export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF token on the page');
  return match[1];
}
