/**
 * Message templates: Vietnamese text with {placeholders}, one per kind of message.
 *
 * - `title` is the e-mail subject; `text` is the body of the SMS and the e-mail.
 * - `params` lists every placeholder; render() refuses data that lacks one, so a job that
 *   forgets a parameter fails loudly instead of sending "{due}" to a citizen.
 * - Zalo ZNS does not send our text: it sends the template id registered with Zalo
 *   (ZNS_TEMPLATE_IDS, key=id) and `template_data` with exactly these parameter names, so
 *   register the ZNS templates with the same names.
 * - SMS text stays plain but keeps its Vietnamese diacritics: brand-name gateways accept
 *   Unicode (UCS-2), at 70 characters per message, 67 per part when split. smsLength()
 *   gives the count; /thong-bao/mau shows it for every template.
 *
 * The platform owns no template: each feature declares its own (a `… as const satisfies
 * readonly MessageTemplate[]` list in its folder) and the composition root (src/messaging.ts)
 * registers every list once, with templateRegistry(). The dispatcher, the outbox's quiet-hours
 * hold and the pages read the registry they are given.
 */

export type Audience = 'citizen' | 'staff';

export interface MessageTemplate {
  key: string;
  /** Citizens are not messaged during quiet hours; staff templates go out at any time. */
  audience: Audience;
  /** A short name for lists ("Báo có kết quả trước hạn"). */
  label: string;
  /** E-mail subject, with placeholders. */
  title: string;
  /** SMS and e-mail body, with placeholders. */
  text: string;
  params: readonly string[];
  /** Values used for parameters the caller leaves out (others are required). */
  defaults?: Readonly<Record<string, string>>;
  /** When the message is sent, for the preview page. */
  description: string;
  /** Example data for the preview page and tests. */
  sample: Readonly<Record<string, string>>;
  /** No longer sent; kept so that messages stored earlier still render and are labelled. */
  retired?: boolean;
  /**
   * A reply to a message the citizen has just sent (a Zalo chat reply): sent at once, even
   * during quiet hours — the person is awake and waiting for it.
   */
  immediate?: boolean;
  /**
   * The message carries a secret tied to the person (a survey's personal link): once it is
   * delivered or given up, the outbox erases its recipient, data and reference, and staff
   * pages never list it.
   */
  sealed?: boolean;
}

/**
 * Every template of the application by key, and the key sets the outbox needs, in
 * registration order (the order of the template page). Built once by the composition root.
 */
export interface TemplateRegistry<K extends string = string> {
  readonly byKey: Readonly<Record<K, MessageTemplate>>;
  /** Every template, in registration order. */
  readonly all: readonly MessageTemplate[];
  readonly keys: readonly K[];
  /** Templates sent to staff. */
  readonly staffKeys: readonly K[];
  readonly citizenKeys: readonly K[];
  /** Citizen templates still sent: the ones an administrator can switch off. */
  readonly switchableKeys: readonly K[];
  /** Exempt from quiet hours: staff messages, and immediate replies to a citizen's own message. */
  readonly quietExemptKeys: readonly K[];
  /** Immediate replies to a citizen's own message: delivered right after they are stored (dispatchIds), not at the next outbox run. */
  readonly immediateKeys: readonly K[];
  /** Sealed templates: erased once delivered or given up, never listed for staff. */
  readonly sealedKeys: readonly K[];
  /** The template of a stored message's key; undefined for a key no feature registered. */
  get(key: string): MessageTemplate | undefined;
}

/** The registry of these templates (one list per feature); a key registered twice is a start-up error. */
export function templateRegistry<const G extends ReadonlyArray<readonly MessageTemplate[]>>(...groups: G): TemplateRegistry<G[number][number]['key']> {
  type K = G[number][number]['key'];
  const defs: MessageTemplate[] = groups.flat();
  const byKey: Record<string, MessageTemplate> = {};
  for (const d of defs) {
    if (Object.prototype.hasOwnProperty.call(byKey, d.key)) throw new Error(`Message template "${d.key}" is registered twice`);
    byKey[d.key] = d;
  }
  const keysWhere = (keep: (d: MessageTemplate) => boolean) => Object.freeze(defs.filter(keep).map((d) => d.key as K));
  return Object.freeze({
    byKey: Object.freeze(byKey) as Readonly<Record<K, MessageTemplate>>,
    all: Object.freeze(defs),
    keys: keysWhere(() => true),
    staffKeys: keysWhere((d) => d.audience === 'staff'),
    citizenKeys: keysWhere((d) => d.audience === 'citizen'),
    switchableKeys: keysWhere((d) => d.audience === 'citizen' && !d.retired),
    quietExemptKeys: keysWhere((d) => d.audience === 'staff' || d.immediate === true),
    immediateKeys: keysWhere((d) => d.immediate === true),
    sealedKeys: keysWhere((d) => d.sealed === true),
    get: (key: string) => (Object.prototype.hasOwnProperty.call(byKey, key) ? byKey[key] : undefined),
  });
}

/** A template that cannot be rendered: unknown key or missing parameter. Never worth retrying. */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

const PLACEHOLDER = /\{([a-z][a-z0-9_]*)\}/g;

/** The placeholder names a text uses, in order of first appearance. */
export function placeholdersOf(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(PLACEHOLDER), (m) => m[1]!))];
}

/** Only the template's parameters, each as a string (what ZNS receives as template_data). */
export function templateData(template: MessageTemplate, data: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  const missing: string[] = [];
  for (const p of template.params) {
    const given = data[p];
    const v = given === undefined || given === null || given === '' ? template.defaults?.[p] : given;
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) missing.push(p);
    else out[p] = String(v).normalize('NFC');
  }
  if (missing.length > 0) throw new TemplateError(`Mẫu tin "${template.key}" thiếu tham số: ${missing.join(', ')}`);
  return out;
}

function fill(text: string, values: Record<string, string>): string {
  // One pass: a value containing "{x}" is never expanded again.
  return text.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole).normalize('NFC');
}

export interface RenderedMessage {
  title: string;
  text: string;
}

/** Subject and body with every placeholder filled; throws TemplateError on a missing parameter. */
export function render(template: MessageTemplate, data: Readonly<Record<string, unknown>>): RenderedMessage {
  const values = templateData(template, data);
  return { title: fill(template.title, values), text: fill(template.text, values) };
}

const GSM7 = new Set(
  Array.from('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'),
);
const GSM7_EXT = new Set(Array.from('^{}\\[~]|€\f'));

export interface SmsLength {
  /** Characters as the gateway counts them (UCS-2 code units, or GSM-7 septets). */
  chars: number;
  unicode: boolean;
  /** Messages the operator bills: 70/67 per part in Unicode, 160/153 in GSM-7. */
  segments: number;
}

export function smsLength(text: string): SmsLength {
  const chars = Array.from(text);
  const unicode = chars.some((c) => !GSM7.has(c) && !GSM7_EXT.has(c));
  if (unicode) {
    const n = text.length; // UTF-16 code units = UCS-2 characters
    return { chars: n, unicode, segments: n <= 70 ? 1 : Math.ceil(n / 67) };
  }
  const n = chars.reduce((sum, c) => sum + (GSM7_EXT.has(c) ? 2 : 1), 0);
  return { chars: n, unicode, segments: n <= 160 ? 1 : Math.ceil(n / 153) };
}
