/**
 * The words of a rendered page, for the English-page test: every text node and every
 * human-readable attribute (alt, title, aria-label, placeholder), split into what is inside
 * an element marked `lang="vi"` (data: names, addresses, Vietnamese procedure names — the
 * translator's `d()` marks them) and everything else (what the templates and catalogues say).
 * Scripts, styles and comments are left out. Our views are well-formed ejs output, so a
 * small tokenizer is enough.
 */

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const READABLE_ATTRS = ['alt', 'title', 'aria-label', 'placeholder'];

/** Letters only Vietnamese uses among the page's languages (with its tone marks): a Vietnamese word. */
export const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/iu;

function decode(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

function attr(attrs: string, name: string): string | null {
  const m = new RegExp(`(?:^|\\s)${name}="([^"]*)"`, 'i').exec(attrs);
  return m ? decode(m[1]!) : null;
}

export interface PageText {
  /** Texts outside any lang="vi" element (trimmed, non-empty). */
  ui: string[];
  /** Texts inside lang="vi" elements. */
  data: string[];
}

export function pageText(html: string): PageText {
  const clean = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<script\b[\s\S]*?<\/script>/gi, '')
    .replace(/<style\b[\s\S]*?<\/style>/gi, '')
    .replace(/<!DOCTYPE[^>]*>/i, '');
  const out: PageText = { ui: [], data: [] };
  const stack: Array<{ tag: string; vi: boolean }> = [];
  const inVi = () => stack.at(-1)?.vi ?? false;
  const push = (text: string, vi: boolean) => {
    const t = decode(text).replace(/\s+/g, ' ').trim();
    if (t) (vi ? out.data : out.ui).push(t);
  };
  for (const m of clean.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|([^<]+)/g)) {
    if (m[4] !== undefined) {
      push(m[4], inVi());
      continue;
    }
    const closing = m[1] === '/';
    const tag = m[2]!.toLowerCase();
    const attrs = m[3] ?? '';
    if (closing) {
      const at = stack.map((e) => e.tag).lastIndexOf(tag);
      if (at >= 0) stack.length = at;
      continue;
    }
    const lang = attr(attrs, 'lang');
    const vi = lang === null ? inVi() : lang === 'vi';
    for (const a of READABLE_ATTRS) {
      const v = attr(attrs, a);
      if (v !== null) push(v, vi);
    }
    if (!VOID.has(tag) && !attrs.trimEnd().endsWith('/')) stack.push({ tag, vi });
  }
  return out;
}
