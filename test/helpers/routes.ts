/**
 * The route table read from the application itself (Express 5's router stack), so tests
 * that must cover "every route" cannot fall behind a route someone adds, plus small
 * helpers to fill a route's parameters and to read the fields of the forms on a page.
 */
import type { Express } from 'express';

export interface AppRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The Express pattern, e.g. `/ho-so/:id`. */
  path: string;
  /** Its `:name` parameters, in order. */
  params: string[];
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  slash?: boolean;
  name?: string;
}

/**
 * Every method + pattern the app serves, walking nested routers. Routers must be mounted at
 * the root (`app.use(router)`), as createApp does: a router under a prefix throws, since the
 * prefix cannot be read back reliably from Express 5's layers.
 */
export function appRoutes(app: Express): AppRoute[] {
  const root = (app as unknown as { router: { stack: Layer[] } }).router;
  const out = new Map<string, AppRoute>();
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const patterns = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const p of patterns) {
          if (typeof p !== 'string') throw new Error(`route with a non-string pattern: ${String(p)}`);
          for (const [m, on] of Object.entries(layer.route.methods)) {
            if (!on || m === '_all') continue;
            const method = m.toUpperCase() as AppRoute['method'];
            out.set(`${method} ${p}`, { method, path: p, params: [...p.matchAll(/:([A-Za-z_]+)/g)].map((x) => x[1]!) });
          }
        }
      } else if (layer.handle?.stack && Array.isArray(layer.handle.stack)) {
        if (layer.slash !== true) throw new Error(`a router mounted under a prefix (${layer.name}): appRoutes cannot read its routes`);
        walk(layer.handle.stack);
      }
    }
  };
  walk(root.stack);
  return [...out.values()].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** `/ho-so/:id/thao-tac` with `{ id: '7' }` → `/ho-so/7/thao-tac`; values are inserted as given (already URL-encoded). */
export function fillPath(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`no value for :${name} in ${pattern}`);
    return v;
  });
}

/** The route a concrete path (no query) belongs to, for the given method. */
export function matchRoute(routes: AppRoute[], method: string, path: string): AppRoute | undefined {
  return routes.find((r) => {
    if (r.method !== method.toUpperCase()) return false;
    const re = new RegExp(`^${r.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]+/g, '[^/]+')}$`);
    return re.test(path);
  });
}

export interface PageForm {
  method: 'GET' | 'POST';
  /** The action's path, without query string ('' for "this page"). */
  action: string;
  /** Field name → first value seen (input value, first option of a select, textarea text). */
  fields: Map<string, string>;
  /** Field name → every value offered (select options, radio and checkbox values, the input's value). */
  options: Map<string, string[]>;
}

const decodeEntities = (s: string) =>
  s.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos|#39));/gi, (m, d, h, n) => {
    if (d) return String.fromCodePoint(Number(d));
    if (h) return String.fromCodePoint(Number.parseInt(h, 16));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" } as Record<string, string>)[n.toLowerCase()] ?? m;
  });

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return m ? decodeEntities(m[1] ?? m[2] ?? '') : undefined;
}

/** The forms on a page with their fields, read with regular expressions (good enough for our own templates). */
export function formsOf(html: string): PageForm[] {
  const forms: PageForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const open = m[1]!;
    const body = m[2]!;
    const fields = new Map<string, string>();
    const options = new Map<string, string[]>();
    const offer = (name: string, v: string) => {
      const list = options.get(name) ?? [];
      if (!list.includes(v)) list.push(v);
      options.set(name, list);
    };
    for (const t of body.matchAll(/<(input|select|textarea)\b([^>]*)>/gi)) {
      const name = attr(t[2]!, 'name');
      if (!name) continue;
      if (t[1]!.toLowerCase() === 'select') {
        const rest = body.slice((t.index ?? 0) + t[0].length);
        for (const o of rest.slice(0, rest.search(/<\/select>/i)).matchAll(/<option\b([^>]*)>/gi)) offer(name, attr(o[1]!, 'value') ?? '');
      } else offer(name, attr(t[2]!, 'value') ?? (/type\s*=\s*"(checkbox|radio)"/i.test(t[2]!) ? 'on' : ''));
      if (fields.has(name)) continue;
      const kind = t[1]!.toLowerCase();
      let value = attr(t[2]!, 'value') ?? '';
      if (kind === 'select') {
        const rest = body.slice((t.index ?? 0) + t[0].length);
        const opt = /<option\b([^>]*)>/i.exec(rest.slice(0, rest.search(/<\/select>/i)));
        value = opt ? (attr(opt[1]!, 'value') ?? '') : '';
      } else if (kind === 'input' && /type\s*=\s*"(checkbox|radio)"/i.test(t[2]!)) {
        value = attr(t[2]!, 'value') ?? 'on';
      }
      fields.set(name, value);
    }
    forms.push({ method: (attr(open, 'method') ?? 'get').toUpperCase() === 'POST' ? 'POST' : 'GET', action: (attr(open, 'action') ?? '').split('?')[0]!, fields, options });
  }
  return forms;
}

/** Deterministic PRNG (mulberry32) for seeded corpora. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const countSql = new WeakMap<object, string>();

/**
 * On SQLite (one connection), how many rows that connection has inserted, updated or deleted
 * so far (`total_changes()`): unchanged means nothing was written, so the table counts need not
 * be taken again. Null on PostgreSQL, which has no such per-connection figure: count every time.
 */
export async function changeMark(db: import('knex').Knex): Promise<number | null> {
  if (!/sqlite/.test(String(db.client.config.client))) return null;
  const rows = (await db.raw('select total_changes() as n')) as Array<{ n: number }>;
  return Number(rows[0]!.n);
}

/** Row count of every application table (migration bookkeeping excluded), in one query. */
export async function tableCounts(db: import('knex').Knex): Promise<Record<string, number>> {
  const sql = countSql.get(db) ?? (await countQuery(db));
  countSql.set(db, sql);
  const rows = await db.raw(sql);
  const list: Array<{ t: string; n: number | string }> = Array.isArray(rows) ? rows : rows.rows;
  return Object.fromEntries(list.map((r) => [r.t, Number(r.n)]));
}

async function countQuery(db: import('knex').Knex): Promise<string> {
  const client = String(db.client.config.client);
  const tables: string[] = /sqlite/.test(client)
    ? (await db.raw("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")).map((r: { name: string }) => r.name)
    : (await db.raw("select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'")).rows.map((r: { name: string }) => r.name);
  const app = tables.filter((t) => !t.startsWith('knex_migrations')).sort();
  return app.map((t) => `select '${t}' as t, count(*) as n from "${t}"`).join(' union all ');
}
