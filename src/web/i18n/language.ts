/**
 * Which language a response speaks, and the view locals that speak it. Public pages only:
 * a signed-in member of staff always gets Vietnamese (staff pages are Vietnamese), and so
 * does the sign-in page; no cookie is set for them.
 *
 * The choice, first match wins: `?lang=en|vi` (the switch's links; it is remembered in the
 * `lang` cookie, SameSite=Lax, a year), the `lang` cookie, `Accept-Language` (the first
 * supported language by quality), Vietnamese. Public responses vary on Accept-Language and
 * Cookie, so a shared cache never serves one language's page to the other.
 *
 * Per request this only picks one of the prebuilt translators and assigns a few references.
 */
import type { RequestHandler, Response } from 'express';
import { paths } from '../paths.js';
import { DEFAULT_LANG, isLang, type Lang, type Translator } from './translator.js';

export const LANG_COOKIE = 'lang';
export const LANG_QUERY = 'lang';
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** Each language's own name, as the switch shows it (not translated). */
export const LANGUAGE_NAMES: Readonly<Record<Lang, string>> = { vi: 'Tiếng Việt', en: 'English' };

export type Translators = Readonly<Record<Lang, Translator>>;

/** The first supported language of an Accept-Language header by quality (ties: the header's order), or null. */
export function negotiateLanguage(header: string | undefined): Lang | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .slice(0, 30)
    .map((part, at) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.map((r) => /^\s*q=([0-9.]{1,5})\s*$/.exec(r)).find(Boolean);
      return { base: tag.trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q[1]) : 1, at };
    })
    .filter((l) => l.q > 0 && !Number.isNaN(l.q))
    .sort((a, b) => b.q - a.q || a.at - b.at);
  return ranked.map((l) => l.base).find(isLang) ?? null;
}

/** The view locals of a language: `t`, `th` (HTML), `d` (a data span), `fmt`, `lang`, and the switch to the other language. */
export function setLanguageLocals(res: Response, tr: Translator, switchHref: string | null): void {
  res.locals.lang = tr.lang;
  res.locals.i18n = tr;
  res.locals.t = tr.t;
  res.locals.th = tr.html;
  res.locals.d = tr.data;
  res.locals.fmt = tr.fmt;
  res.locals.langSwitch = switchHref === null ? null : { href: switchHref, lang: tr.lang === 'vi' ? 'en' : 'vi' };
}

/** The middleware: after the session (it needs `req.staff`), before the routes. */
export function language(translators: Translators, opts: { secure: boolean; staffPaths?: readonly string[] }): RequestHandler {
  const staffPaths = new Set(opts.staffPaths ?? []);
  return (req, res, next) => {
    // Signed-in staff, and the staff's own pages a visitor reaches (sign-in): Vietnamese, no switch.
    if (req.staff || staffPaths.has(req.path)) {
      setLanguageLocals(res, translators.vi, null);
      next();
      return;
    }
    res.vary('Accept-Language');
    res.vary('Cookie');
    const asked = req.query[LANG_QUERY];
    let lang: Lang;
    if (isLang(asked)) {
      lang = asked;
      if (req.cookies?.[LANG_COOKIE] !== asked) {
        res.cookie(LANG_COOKIE, asked, { sameSite: 'lax', secure: opts.secure, httpOnly: true, maxAge: YEAR_MS, path: '/' });
      }
    } else {
      const remembered: unknown = req.cookies?.[LANG_COOKIE];
      lang = isLang(remembered) ? remembered : (negotiateLanguage(req.get('accept-language')) ?? DEFAULT_LANG);
    }
    const other: Lang = lang === 'vi' ? 'en' : 'vi';
    // A GET keeps its query; a form's POST switches on the page the form came from (its GET).
    const here = req.method === 'GET' || req.method === 'HEAD' ? req.originalUrl : req.path;
    res.set('Content-Language', lang);
    setLanguageLocals(res, translators[lang], paths.withLanguage(here, other));
    next();
  };
}

/** The translator the language middleware bound to this response. */
export const translatorOf = (res: Response): Translator => res.locals.i18n as Translator;
