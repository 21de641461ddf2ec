/**
 * The messages a petition step causes: staff e-mails (through the messaging platform), the
 * sender's answer, the conduct alert of the intake's filing transaction.
 */
import type { Deps } from '../../deps.js';
import { absoluteUrl, paths } from '../../web/paths.js';
import type { MessagingService } from '../../platform/messaging/messaging.service.js';
import { appendPetitionEvent } from './petition-events.repo.js';
import { petitionsRepo, type PetitionRow, type StaffRecipient } from './petitions.repo.js';
import type { PetitionTemplateKey } from './templates.js';

type Db = Deps['db'];

/** Longest answer text a Zalo message carries (the rest on the status page). */
export const ZALO_ANSWER_CLIP = 500;
export const CONDUCT_EVENT = 'petition_conduct_alerted';

/** Staff e-mails of one step: each recipient once per key (through the messaging platform). */
export type EmailStaff = (trx: Db, to: readonly StaffRecipient[], m: { template: PetitionTemplateKey; data: Record<string, string>; reference: string; key: string; now: Date }) => Promise<number>;

/** The link to a petition's staff page. */
export function staffLink(baseUrl: string, petitionId: number): string {
  return absoluteUrl(baseUrl, paths.petitions.staffShow(petitionId));
}

/**
 * Feedback about an official's conduct on a dossier (kind 'conduct' with official_id):
 * e-mail that official's supervisors (not the official, if a supervisor), and record it on
 * the chain. For the intake's filing transaction; once per petition. Returns the number of
 * e-mails stored (0 when the petition is not about an official).
 */
export async function alertConduct(emailStaff: EmailStaff, trx: Db, petitionId: number, now: Date, baseUrl: string): Promise<number> {
  const repo = petitionsRepo(trx);
  const p = await repo.byId(petitionId);
  if (!p || p.kind !== 'conduct' || p.officialId === null || p.officialAgencyId === null) return 0;
  const to = await repo.staffOf(p.officialAgencyId, ['supervisor'], p.officialId);
  const n = await emailStaff(trx, to, {
    template: 'petition_conduct',
    data: { code: p.code, official: p.officialName ?? '', dossier: p.dossierCode ?? '(không ghi số hồ sơ)', link: staffLink(baseUrl, p.id) },
    reference: p.code,
    key: `petition_conduct:${p.id}`,
    now,
  });
  await appendPetitionEvent(trx, p.id, {
    type: CONDUCT_EVENT,
    fromStatus: null,
    toStatus: null,
    actorId: null,
    note: `Báo lãnh đạo cơ quan của cán bộ ${p.officialName ?? ''} (${to.length} người nhận)`,
    public: false,
    ip: null,
    createdAt: now,
  });
  return n;
}

/** A text cut at `max` characters, an ellipsis at the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** What the sender is told, and its data beyond the code and the status link. */
export type SenderNotice =
  | { kind: 'answered'; answer: string; agency: string }
  | { kind: 'not_in_scope'; reason: string }
  | { kind: 'forwarded_external'; body: string; dispatch: string }
  | { kind: 'kept_for_study'; agency: string; review: string; reason: string };

const NOTICE_TEMPLATES = {
  answered: 'petition_answered',
  not_in_scope: 'petition_not_in_scope',
  forwarded_external: 'petition_forwarded_external',
  kept_for_study: 'petition_kept_for_study',
} as const satisfies Record<SenderNotice['kind'], PetitionTemplateKey>;

/** The sender's answer, "not in scope" with its reason, the forwarding outside the province, "kept for study": phone / e-mail, and Zalo when filed there. */
export async function tellSender(messaging: Pick<MessagingService, 'notifyContact' | 'replyOnZalo'>, baseUrl: string, trx: Db, p: PetitionRow, n: SenderNotice, now: Date): Promise<void> {
  const statusUrl = absoluteUrl(baseUrl, paths.petitions.status(p.publicToken));
  const template = NOTICE_TEMPLATES[n.kind];
  const base = { code: p.code, status_url: statusUrl };
  const data: Record<string, string> =
    n.kind === 'answered'
      ? { ...base, agency: n.agency }
      : n.kind === 'not_in_scope'
        ? { ...base, reason: n.reason }
        : n.kind === 'forwarded_external'
          ? { ...base, body: n.body, dispatch: n.dispatch }
          : { ...base, agency: n.agency, review: n.review, reason: n.reason };
  await messaging.notifyContact(trx, { contact: { phone: p.senderPhone, email: p.senderEmail }, template, data, reference: p.code, key: `${template}:${p.id}`, now });
  if (p.zaloUserId) {
    await messaging.replyOnZalo(trx, {
      zaloUserId: p.zaloUserId,
      template: `${template}_zalo`,
      data: n.kind === 'answered' ? { ...data, answer: clip(n.answer, ZALO_ANSWER_CLIP) } : data,
      reference: p.code,
      dossierId: null,
      key: `${template}_zalo:${p.id}`,
      now,
      fallback: null,
    });
  }
}
