/**
 * Filing a petition (issue 15, the public side): the form, the acknowledgement, the
 * public status page, the published answers, the Zalo "PAKN" entry.
 *
 * Filing is one transaction: the petition row with its tracking code (daily sequence),
 * the `received` event on its chain, the acknowledgement in the outbox (phone and/or
 * e-mail), the Zalo invite claimed, the conduct alert. The form page carries a one-time
 * nonce the server issued to that visitor (domain/form-nonce.ts): a second POST of it by the
 * same visitor finds the petition already filed and files nothing more; the same nonce from
 * another visitor does not verify (their form is shown again, with a fresh nonce), so it
 * never leads to someone else's acknowledgement. The public token is random, not derived.
 */
import crypto from 'node:crypto';
import QRCode from 'qrcode';
import type { Deps } from '../../deps.js';
import { redact } from '../../domain/anonymise.js';
import { codeDatePart } from '../../domain/dossier-code.js';
import { checkFormNonce, issueFormNonce } from '../../domain/form-nonce.js';
import { forwardDueAt } from '../../domain/petition-deadline.js';
import { CLOSED_PETITION_STATUSES, formatPetitionCode, hasPetitionContact, PETITION_KIND_LABELS, PETITION_STATUS_LABELS, publishedQueryWords, type PetitionKind } from '../../domain/petitions.js';
import { formatDateTimeVn } from '../../domain/time.js';
import type { FieldErrors } from '../../web/form.js';
import { absoluteUrl, paths } from '../../web/paths.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { MessagingService } from '../../platform/messaging/messaging.service.js';
import { refuseFields, type Refusal } from '../../platform/refusal/refusal.js';
import { lookupActor, type LookupGuard } from '../public-status/lookup-guard.js';
import { PETITION_MESSAGES, petitionSenderOf, type PetitionFormInput } from './petition-intake.schema.js';
import { appendPetitionEvent } from './petition-events.repo.js';
import { isUniqueViolation, petitionIntakeRepo, type PetitionDossier, type PublicPetitionRow, type PublishedPetitionRow } from './petition-intake.repo.js';

type Db = Deps['db'];

/** How long the form link sent on Zalo after "PAKN" ties a petition to the follower. */
export const ZALO_INVITE_TTL_MS = 7 * 24 * 3600_000;
/** Published answers per page. */
export const PUBLISHED_PAGE_SIZE = 20;

/** The staff side's alert on feedback about an official's conduct (petitions.service.ts), inside the filing transaction. */
export interface ConductAlert {
  alertConduct(trx: Db, petitionId: number, now: Date): Promise<unknown>;
}

export interface PetitionIntakeWiring {
  calendar: CalendarService;
  messaging: Pick<MessagingService, 'notifyContact'>;
  lookupGuard: LookupGuard;
  /** The workflow's alertConduct, called for kind 'conduct' with an official. */
  petitions: ConductAlert;
  /** The application's signing key (the form nonces' HMAC). */
  secret: () => Promise<string>;
}

/** Filed (or filed already from this form page), or refused with a message per field. */
/** A form refused field by field. */
const refused = (errors: FieldErrors, reason: 'invalid' | 'rate_limited' = 'invalid'): Refusal<'invalid' | 'rate_limited'> & { errors: FieldErrors } => ({ ...refuseFields(errors, reason), errors });

export type FileResult = { ok: true; token: string; duplicate: boolean } | (Refusal<'invalid' | 'rate_limited'> & { errors: FieldErrors });

/** Where a Zalo invite stands for the form: carried (linked on filing), or stale (the form works unlinked). */
export type InviteState = 'valid' | 'stale';

export interface PublicPetitionStep {
  at: Date;
  label: string;
  /** The label's catalogue key (petitions.i18n.ts): `petition.step.<step>`, `petition.status.<status>` or `petition.step.update`. */
  labelKey: string;
  /** A reason (not in scope), the agency (forwarded) or the answer (answered); null otherwise. */
  detail: string | null;
  detailLabel: string | null;
  /** The detail label's catalogue key (`petition.detail.reason|agency|answer`), null without a detail. */
  detailKey: string | null;
}

/** The public status page of a petition: what it is about, its steps and deadlines; never the sender. */
export interface PublicPetition
  extends Pick<
    PublicPetitionRow,
    'code' | 'kind' | 'status' | 'procedureName' | 'procedureNameEn' | 'concernedAgencyName' | 'competentAgencyName' | 'receivedAt' | 'forwardDueAt' | 'forwardedAt' | 'answerDueAt' | 'answeredAt'
  > {
  kindLabel: string;
  statusLabel: string;
  closed: boolean;
  steps: PublicPetitionStep[];
  statusUrl: string;
  publishedPath: string | null;
}

export interface PublishedPetition extends PublishedPetitionRow {
  kindLabel: string;
  path: string;
}

export interface PublishedPage {
  items: PublishedPetition[];
  total: number;
  page: number;
  pages: number;
}

/** A step without its own label (public-status's wording). */
export const STEP_UPDATE = 'Cập nhật tình trạng xử lý';
/** What a step's detail is. */
export const STEP_DETAIL_LABELS = { reason: 'Lý do', agency: 'Cơ quan xử lý', answer: 'Nội dung trả lời' } as const;

export const STEP_LABELS: Readonly<Record<string, string>> = {
  received: 'Đã tiếp nhận phản ánh, kiến nghị',
  accepted: 'Đã thụ lý',
  not_in_scope: 'Không thuộc phạm vi tiếp nhận',
  forwarded: 'Đã chuyển cơ quan có thẩm quyền xử lý',
  forwarded_external: 'Đã chuyển cơ quan có thẩm quyền ngoài tỉnh',
  kept_for_study: 'Chưa đủ cơ sở, tiếp tục nghiên cứu',
  drafted: 'Cơ quan có thẩm quyền đã dự thảo trả lời',
  answered: 'Đã trả lời',
  published: 'Đã công khai nội dung trả lời',
};

/** 32 random bytes, URL-safe (43 characters). */
export function randomToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** The QR of a link as a PNG data URL (no external resource; the CSP allows data: images). */
export function qrDataUrl(text: string): Promise<string> {
  return QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 4, scale: 6 });
}

/** The person the feedback on conduct is about: the dossier's assigned officer, else the last one who acted on it. */
export function officialOf(kind: PetitionKind, dossier: PetitionDossier | null): number | null {
  if (kind !== 'conduct' || !dossier) return null;
  return dossier.assignedTo ?? dossier.lastActorId;
}

export function petitionIntakeService(deps: Deps, wiring: PetitionIntakeWiring) {
  const repo = petitionIntakeRepo(deps.db);
  const { calendar, messaging, lookupGuard: guard } = wiring;
  const statusUrl = (token: string) => absoluteUrl(deps.config.server.publicBaseUrl, paths.petitions.status(token));

  function published(r: PublishedPetitionRow): PublishedPetition {
    return { ...r, kindLabel: PETITION_KIND_LABELS[r.kind] ?? r.kind, path: paths.petitions.publishedOne(r.code) };
  }

  /** A fresh nonce for a form page shown to `visitor`. */
  async function newNonce(visitor: string): Promise<string> {
    return issueFormNonce(await wiring.secret(), visitor, deps.clock.now());
  }

  /**
   * File a validated form from `visitor` (their CSRF cookie id or session): the petition, its
   * first event and its acknowledgement, in one transaction.
   */
  async function file(input: PetitionFormInput, ip: string | null, visitor: string): Promise<FileResult> {
    const nonce = checkFormNonce(await wiring.secret(), visitor, input.nonce, deps.clock.now());
    // Not issued to this visitor (another browser's page, an altered value): nothing is said about any petition.
    if (!nonce.ok) return refused({ nonce: PETITION_MESSAGES.formForeign });
    // The same visitor's form page posted again (a double click, a reload): their petition, nothing more filed or counted.
    const filed = await repo.tokenByNonce(nonce.id);
    if (filed) return { ok: true, token: filed, duplicate: true };
    if (nonce.expired) return refused({ nonce: PETITION_MESSAGES.form });
    const publicToken = randomToken();

    const errors: FieldErrors = {};
    if (input.thu_tuc !== null && !(await repo.activeProcedureExists(input.thu_tuc))) errors.thu_tuc = PETITION_MESSAGES.procedure;
    if (input.co_quan !== null && !(await repo.activeAgencyExists(input.co_quan))) errors.co_quan = PETITION_MESSAGES.agency;
    if (Object.keys(errors).length > 0) return refused(errors);

    let dossier: PetitionDossier | null = null;
    if (input.ma_ho_so) {
      const code = input.ma_ho_so;
      const r = await guard.attempt(code, lookupActor.address(ip), (db) => petitionIntakeRepo(db).dossierByCodeAndLast4(code, input.so_cuoi));
      if (!r.ok) {
        // A wrong number and a code that used its tries read alike.
        if (r.reason !== 'not_found') return refused({ ma_ho_so: PETITION_MESSAGES.dossierSiteLimit }, 'rate_limited');
        return refused({ ma_ho_so: PETITION_MESSAGES.dossierNotFound });
      }
      dossier = r.value;
    }

    const now = deps.clock.now();
    const cal = await calendar.current();
    const due = forwardDueAt(cal, now);
    const day = codeDatePart(now);
    const officialId = officialOf(input.loai, dossier);
    try {
      await repo.transaction(async (trx) => {
        const invite = input.loi_moi ? await repo.zaloInvite(input.loi_moi, trx) : undefined;
        const zaloUserId = invite && invite.petitionId === null && invite.expiresAt.getTime() > now.getTime() ? invite.zaloUserId : null;
        // The form let phone and e-mail be empty because the Zalo link was live; if it has
        // expired or been used since, the petition has no contact and is not filed (art. 7).
        if (!hasPetitionContact({ phone: input.dien_thoai, email: input.email, zaloUserId })) throw new NoContact();
        const sequence = await repo.nextSequence(trx, day);
        const code = formatPetitionCode(day, sequence);
        const petitionId = await repo.insertPetition(trx, {
          code,
          publicToken,
          formNonce: nonce.id,
          kind: input.loai,
          channel: zaloUserId ? 'zalo' : 'web',
          procedureId: input.thu_tuc,
          concernedAgencyId: input.co_quan,
          dossierId: dossier?.id ?? null,
          officialId,
          ...petitionSenderOf(input),
          zaloUserId,
          ip,
          receivedAt: now,
          forwardDueAt: due,
        });
        // The invite is taken by one filing only; another one racing for it stays unlinked (the whole filing retries as web).
        if (zaloUserId && !(await repo.claimZaloInvite(trx, input.loi_moi!, petitionId, now))) throw new InviteTaken();
        await appendReceived(trx, petitionId, ip, now);
        await messaging.notifyContact(trx, {
          contact: { phone: input.dien_thoai, email: input.email },
          template: 'petition_received',
          data: { code, forward_due: formatDateTimeVn(due), status_url: statusUrl(publicToken) },
          reference: code,
          key: `petition_received:${petitionId}`,
          now,
        });
        if (officialId !== null) await wiring.petitions.alertConduct(trx, petitionId, now);
      });
    } catch (e) {
      if (e instanceof InviteTaken) return file({ ...input, loi_moi: null }, ip, visitor);
      if (e instanceof NoContact) return refused({ dien_thoai: input.loi_moi ? PETITION_MESSAGES.contactZaloGone : PETITION_MESSAGES.contact });
      // Two posts of one form page at the same moment: the other one filed it.
      const other = isUniqueViolation(e) ? await repo.tokenByNonce(nonce.id) : undefined;
      if (other) return { ok: true, token: other, duplicate: true };
      throw e;
    }
    return { ok: true, token: publicToken, duplicate: false };
  }

  /** The public status page of a petition (and the acknowledgement's data), or undefined for an unknown token. */
  async function byToken(token: string): Promise<PublicPetition | undefined> {
    const p = await repo.publicByToken(token);
    if (!p) return undefined;
    const events = await repo.publicEvents(p.id);
    // The answer (or reason) addressed to the sender, as the page shows it to whoever holds its link:
    // their name and address may stay, never a phone, an e-mail or an ID number (theirs in any spelling, or anyone's).
    const contact = p.answer || p.closingReason || p.status === 'kept_for_study' ? await repo.senderContact(p.id) : null;
    const shown = (text: string | null) => (text && contact ? redact(text, { names: [], addresses: [], phones: [contact.phone], emails: [contact.email] }, { keep: ['name', 'address'] }).text : text);
    const steps: PublicPetitionStep[] = events.map((e) => {
      const key = e.type === 'petition_published' ? 'published' : STEP_LABELS[e.type] ? e.type : (e.toStatus ?? e.type);
      const label = STEP_LABELS[key] ?? (e.toStatus ? PETITION_STATUS_LABELS[e.toStatus] : STEP_UPDATE);
      const labelKey = STEP_LABELS[key] ? `petition.step.${key}` : e.toStatus ? `petition.status.${e.toStatus}` : 'petition.step.update';
      if (key === 'not_in_scope') return { at: e.createdAt, label, labelKey, detail: shown(p.closingReason), detailLabel: STEP_DETAIL_LABELS.reason, detailKey: 'petition.detail.reason' };
      if (key === 'forwarded') return { at: e.createdAt, label, labelKey, detail: p.competentAgencyName, detailLabel: STEP_DETAIL_LABELS.agency, detailKey: 'petition.detail.agency' };
      // Forwarded outside the province: the body and the dispatch; kept for study: why, and when it is studied again.
      if (key === 'forwarded_external') return { at: e.createdAt, label, labelKey, detail: e.note, detailLabel: STEP_DETAIL_LABELS.agency, detailKey: 'petition.detail.agency' };
      if (key === 'kept_for_study') return { at: e.createdAt, label, labelKey, detail: shown(e.note), detailLabel: STEP_DETAIL_LABELS.reason, detailKey: 'petition.detail.reason' };
      if (key === 'answered') return { at: e.createdAt, label, labelKey, detail: shown(p.answer), detailLabel: STEP_DETAIL_LABELS.answer, detailKey: 'petition.detail.answer' };
      return { at: e.createdAt, label, labelKey, detail: null, detailLabel: null, detailKey: null };
    });
    return {
      code: p.code,
      kind: p.kind,
      kindLabel: PETITION_KIND_LABELS[p.kind] ?? p.kind,
      status: p.status,
      statusLabel: PETITION_STATUS_LABELS[p.status] ?? p.status,
      procedureName: p.procedureName,
      procedureNameEn: p.procedureNameEn,
      concernedAgencyName: p.concernedAgencyName,
      competentAgencyName: p.competentAgencyName,
      receivedAt: p.receivedAt,
      forwardDueAt: p.forwardDueAt,
      forwardedAt: p.forwardedAt,
      answerDueAt: p.answerDueAt,
      answeredAt: p.answeredAt,
      closed: CLOSED_PETITION_STATUSES.includes(p.status),
      steps,
      statusUrl: statusUrl(token),
      publishedPath: p.publishedAt ? paths.petitions.publishedOne(p.code) : null,
    };
  }

  return {
    file,
    byToken,

    /** The form's choices: procedures by name, agencies by name. */
    async formChoices(): Promise<{ procedures: Array<{ id: number; code: string; name: string }>; agencies: Array<{ id: number; name: string }> }> {
      const [procedures, agencies] = await Promise.all([repo.procedureChoices(), repo.agencyChoices()]);
      return { procedures, agencies };
    },

    newNonce,

    /** The nonce a re-shown form keeps: its own while it is this visitor's, unexpired and unused; else a fresh one. */
    async nonceFor(visitor: string, current: string | undefined): Promise<string> {
      const c = current ? checkFormNonce(await wiring.secret(), visitor, current, deps.clock.now()) : null;
      if (c?.ok && !c.expired && !(await repo.tokenByNonce(c.id))) return current!;
      return newNonce(visitor);
    },

    /** Whether a Zalo invite still links a petition filed through it. */
    async inviteState(token: string): Promise<InviteState> {
      const inv = await repo.zaloInvite(token);
      return inv && inv.petitionId === null && inv.expiresAt.getTime() > deps.clock.now().getTime() ? 'valid' : 'stale';
    },

    /** The form link for a Zalo user who wrote "PAKN": a petition filed through it is tied to them (for 7 days, once). */
    async zaloInviteLink(trx: Db, zaloUserId: string, now: Date): Promise<string> {
      const token = randomToken();
      await repo.insertZaloInvite(trx, { token, zaloUserId, createdAt: now, expiresAt: new Date(now.getTime() + ZALO_INVITE_TTL_MS) });
      return absoluteUrl(deps.config.server.publicBaseUrl, paths.petitions.fromZalo(token));
    },



    /**
     * The acknowledgement right after filing: the status page's data, the QR of its link,
     * and where the answer goes (Zalo, phone, e-mail: only whether, never the values).
     */
    async acknowledgement(token: string): Promise<(PublicPetition & { qr: string; answerBy: { phone: boolean; email: boolean; zalo: boolean } }) | undefined> {
      const [p, answerBy] = await Promise.all([byToken(token), repo.answerChannels(token)]);
      if (!p || !answerBy) return undefined;
      return { ...p, qr: await qrDataUrl(p.statusUrl), answerBy };
    },

    /** Published answers, newest first: words (accents aside) over the published content and answer, a kind, a page of 20. */
    async published(query: { q: string; page: number; kind: PetitionKind | null }): Promise<PublishedPage> {
      const size = PUBLISHED_PAGE_SIZE;
      // Folded words matched in SQL against published_search (set when the answer is published).
      const filter = { kind: query.kind, words: publishedQueryWords(query.q) };
      const total = await repo.publishedCount(filter);
      const pages = Math.max(1, Math.ceil(total / size));
      const page = Math.min(query.page, pages);
      const items = await repo.published(filter, { limit: size, offset: (page - 1) * size });
      return { items: items.map(published), total, page, pages };
    },

    async publishedOne(code: string): Promise<PublishedPetition | undefined> {
      const r = await repo.publishedByCode(code);
      return r ? published(r) : undefined;
    },
  };
}

class InviteTaken extends Error {}
class NoContact extends Error {}

async function appendReceived(trx: Db, petitionId: number, ip: string | null, now: Date): Promise<void> {
  await appendPetitionEvent(trx, petitionId, { type: 'received', fromStatus: null, toStatus: 'received', actorId: null, note: null, public: true, ip, createdAt: now });
}

export type PetitionIntakeService = ReturnType<typeof petitionIntakeService>;
