/**
 * A small HTTP client for benchmarks that drive the app as a browser would: node:http with
 * a keep-alive agent (lighter than fetch, so the load generator takes less of the CPU it
 * shares with the server), a cookie jar per session, and the CSRF token of the session.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function httpRequest(
  agent: http.Agent,
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...opts.headers };
    if (opts.body !== undefined) headers['content-length'] = Buffer.byteLength(opts.body);
    const req = http.request(url, { agent, method: opts.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** What EJS's <%= %> escapes, and numeric references. */
export function unescapeHtml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const k = e.toLowerCase();
    if (k.startsWith('#x')) return String.fromCodePoint(parseInt(k.slice(2), 16));
    if (k.startsWith('#')) return String.fromCodePoint(Number(k.slice(1)));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[k] ?? '';
  });
}

/** The hidden CSRF token of the first form on a page. */
export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return unescapeHtml(m[1]!);
}

/** The hidden inputs of the form posting to `action` (with or without a `#fragment`), as the browser would send them. */
export function hiddenInputs(html: string, action: string): Record<string, string> {
  const exact = html.indexOf(`action="${action}"`);
  const start = exact >= 0 ? exact : html.indexOf(`action="${action}#`);
  if (start < 0) throw new Error(`no form posting to ${action} on the page`);
  const end = html.indexOf('</form>', start);
  const form = html.slice(start, end < 0 ? undefined : end);
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[unescapeHtml(m[1]!)] = unescapeHtml(m[2]!);
  return fields;
}

/** A browser session: cookies kept from response to response, and the page's CSRF token. */
export class HttpSession {
  private readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(
    readonly baseUrl: string,
    private readonly agent: http.Agent,
  ) {}

  private keep(res: HttpResponse): HttpResponse {
    for (const c of res.headers['set-cookie'] ?? []) {
      const pair = c.split(';')[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** The Cookie header of this session (for a load generator that replays it). */
  cookieHeader(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }

  async get(path: string): Promise<HttpResponse> {
    return this.keep(await httpRequest(this.agent, this.baseUrl + path, { headers: this.cookieHeader() }));
  }

  /** An application/x-www-form-urlencoded POST, as an HTML form sends it; redirects are not followed. */
  async postForm(path: string, fields: Record<string, string>): Promise<HttpResponse> {
    return this.keep(
      await httpRequest(this.agent, this.baseUrl + path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...this.cookieHeader() },
        body: new URLSearchParams(fields).toString(),
      }),
    );
  }
}

/**
 * Sign in through the login form (GET it for the anonymous CSRF cookie and token, POST the
 * credentials, expect the 303), then GET `landing` for the session's CSRF token.
 */
export async function signIn(baseUrl: string, agent: http.Agent, username: string, password: string, landing: string): Promise<HttpSession> {
  const s = new HttpSession(baseUrl, agent);
  const page = await s.get('/dang-nhap');
  if (page.status !== 200) throw new Error(`GET /dang-nhap: ${page.status}`);
  const res = await s.postForm('/dang-nhap', { _csrf: csrfFrom(page.body), username, password, next: landing });
  if (res.status !== 303) throw new Error(`sign-in of ${username} failed: ${res.status}`);
  const home = await s.get(landing);
  if (home.status !== 200) throw new Error(`GET ${landing} after signing in as ${username}: ${home.status}`);
  s.csrf = csrfFrom(home.body);
  return s;
}

/** The app on an ephemeral port of 127.0.0.1; close() also drops kept-alive connections. */
export function listen(app: Express): Promise<{ baseUrl: string; close(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', (err?: Error) => {
      if (err) return reject(err);
      const { port } = server.address() as AddressInfo;
      resolve({
        baseUrl: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((r) => {
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}
