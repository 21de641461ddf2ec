/**
 * The form kit's messages on public forms, by key. A public form's schema takes its messages
 * from its catalogue's Vietnamese side (keys under `form.`: `cat.vi['form.lookup.code']`), so
 * the parse result stays what every form has (field → Vietnamese message) and staff forms are
 * untouched. On an English page the translator turns each message back into its key (and
 * its `{params}`, e.g. a length limit) and gives the English message of that key.
 *
 * Built once per language at start-up. A message that is no `form.` key's is shown as it is:
 * the English-page test fails on it, which is how a new public form message without a key is
 * caught.
 */
import type { Messages } from './translator.js';

const PLACEHOLDER = /\{([A-Za-z0-9_]+)\}/g;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Pattern {
  re: RegExp;
  names: string[];
  target: string;
}

/** `message` of `vi` (any `form.` key, params filled in) → the `target` catalogue's message. */
export function formErrorTranslator(vi: Messages, target: Messages): (message: string) => string {
  const exact = new Map<string, string>();
  const patterns: Pattern[] = [];
  for (const [key, source] of Object.entries(vi)) {
    if (!key.startsWith('form.')) continue;
    const to = target[key];
    if (to === undefined) continue;
    const names = [...source.matchAll(PLACEHOLDER)].map((m) => m[1]!);
    if (names.length === 0) {
      exact.set(source, to);
      continue;
    }
    const re = new RegExp(`^${source.split(PLACEHOLDER).map((part, i) => (i % 2 === 1 ? '(.+?)' : escapeRe(part))).join('')}$`, 'u');
    patterns.push({ re, names, target: to });
  }
  return (message: string) => {
    const found = exact.get(message);
    if (found !== undefined) return found;
    for (const p of patterns) {
      const m = p.re.exec(message);
      if (!m) continue;
      const params = Object.fromEntries(p.names.map((n, i) => [n, m[i + 1]!]));
      return p.target.replace(PLACEHOLDER, (whole, name: string) => params[name] ?? whole);
    }
    return message;
  };
}
