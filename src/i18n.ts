/**
 * Composition root of the public pages' languages (src/web/i18n/): every feature's message
 * catalogue merged once, and one fixed translator per language built over it at start-up.
 * A feature adds public pages by declaring `<feature>.i18n.ts` (a `catalogue(vi, en)`) and
 * listing it here; docs/development/i18n.md has the steps.
 */
import { CATALOGUE_MESSAGES } from './features/catalogue/catalogue.i18n.js';
import { HOME_MESSAGES } from './features/home/home.i18n.js';
import { MESSAGE_TITLES_EN } from './features/public-status/public-status.i18n.js';
import { templates } from './messaging.js';
import { PETITION_MESSAGES_I18N } from './features/petitions/petitions.i18n.js';
import { ONLINE_MESSAGES_I18N } from './features/online/online.i18n.js';
import { POST_MESSAGES_I18N } from './features/post/post.i18n.js';
import { DOSSIER_FILES_MESSAGES_I18N } from './features/dossier-files/dossier-files.i18n.js';
import { STATUS_MESSAGES } from './features/public-status/public-status.i18n.js';
import { QUESTION_MESSAGES_I18N } from './features/questions/questions.i18n.js';
import { RATING_MESSAGES } from './features/ratings/ratings.i18n.js';
import { SURVEY_MESSAGES_I18N } from './features/survey/survey.i18n.js';
import { COMMON_MESSAGES } from './web/i18n/common.js';
import { formErrorTranslator } from './web/i18n/form-errors.js';
import type { Translators } from './web/i18n/language.js';
import { createTranslator, type Catalogue, type Messages } from './web/i18n/translator.js';

/** The titles of the messages a citizen is sent (the status page lists them): Vietnamese from the template registry. */
const MESSAGE_TITLES: Catalogue = {
  vi: Object.fromEntries(templates.citizenKeys.map((k) => [`message.${k}`, templates.get(k)?.label ?? k])),
  en: Object.fromEntries(templates.citizenKeys.map((k) => [`message.${k}`, MESSAGE_TITLES_EN[k] ?? ''])),
};

/** Every catalogue of the public pages, in the order their keys are listed (the shared one first). */
export const CATALOGUES: readonly Catalogue[] = [COMMON_MESSAGES, HOME_MESSAGES, STATUS_MESSAGES, QUESTION_MESSAGES_I18N, RATING_MESSAGES, PETITION_MESSAGES_I18N, CATALOGUE_MESSAGES, POST_MESSAGES_I18N, SURVEY_MESSAGES_I18N, DOSSIER_FILES_MESSAGES_I18N, ONLINE_MESSAGES_I18N, MESSAGE_TITLES];

/** One language's messages of every catalogue; a key declared twice is a start-up error. */
export function mergeCatalogues(lang: 'vi' | 'en', list: readonly Catalogue[] = CATALOGUES): Messages {
  const out: Record<string, string> = {};
  for (const c of list) {
    for (const [k, v] of Object.entries(c[lang])) {
      if (k in out) throw new Error(`i18n: the key "${k}" is declared twice`);
      out[k] = v;
    }
  }
  return out;
}

const VI = mergeCatalogues('vi');
const EN = mergeCatalogues('en');

/** The two translators, built once (module load): requests only pick one. */
export const translators: Translators = {
  vi: createTranslator('vi', VI),
  en: createTranslator('en', EN, formErrorTranslator(VI, EN)),
};
