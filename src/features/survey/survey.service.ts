/**
 * The independent satisfaction survey (SIPAS-style, issue 25 §3; docs/survey.md):
 *
 * - draw (the `survey` job): once per period (a setting: quarter by default), a simple random
 *   sample of the citizens whose dossiers were returned in the last whole period, per
 *   processing agency (its size set by an administrator), each sent a personal link by
 *   ZNS/SMS and e-mail. One transaction: the round, its strata (counts), the invitations
 *   (only a hash of each token, its round and agency) and the messages; invitations and
 *   messages are stored in two independent random orders, so neither's storage order can be
 *   matched to the other's. The run reports counts only.
 * - answer: the public questionnaire; one answer per invitation (the invitation marked used
 *   in the answer's transaction), none after the round closes. The answer row holds the round,
 *   the agency, the five scores and the free text: no token, dossier, phone, time or sequence.
 * - report: per round and agency, the response rate, each dimension's index and mean and the
 *   SIPAS index; figures backed by fewer than 10 answers are withheld (survey-report.ts).
 */
import crypto from 'node:crypto';
import type { Deps } from '../../deps.js';
import { contactKey, lastCompletedPeriod, shuffled, simpleRandomSample, SURVEY_MIN_ANSWERS, SURVEY_PERIOD_KINDS, type RandomInt } from '../../domain/survey.js';
import { customPeriod, monthPeriod, quarterPeriod, yearPeriod, type Period } from '../../domain/period.js';
import type { StaffUser } from '../../domain/roles.js';
import { addDays, formatDateVn, localDateOf, vnInstant } from '../../domain/time.js';
import type { MessagingService } from '../../platform/messaging/messaging.service.js';
import { refuse, refuseFields, type Outcome, type Refusal } from '../../platform/refusal/refusal.js';
import { absoluteUrl, paths } from '../../web/paths.js';
import { parseSurveyAnswer, parseSurveySettings } from './survey.schema.js';
import { surveyRepo, type RoundRow } from './survey.repo.js';
import { buildSurveyReport, type SurveyReport } from './survey-report.js';

export const SURVEY_MESSAGES = {
  notFound: 'Không tìm thấy phiếu khảo sát. Vui lòng kiểm tra lại đường dẫn trong tin nhắn.',
  answered: 'Phiếu khảo sát này đã được trả lời. Mỗi đường dẫn chỉ dùng để trả lời một lần.',
  closed: 'Đợt khảo sát đã kết thúc; đường dẫn này không còn dùng được.',
  roundNotFound: 'Không có đợt khảo sát này.',
} as const;

/** The template's messages are personal: 256 random bits, base64url (43 characters). */
export function newSurveyToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}
export const tokenHashOf = (token: string): string => crypto.createHash('sha256').update(token, 'utf8').digest('hex');
const cryptoRandomInt: RandomInt = (max) => crypto.randomInt(max);

/** The period a round covers, from its stored kind and days. */
export function periodOfRound(r: Pick<RoundRow, 'periodKind' | 'firstDay' | 'lastDay'>): Period {
  const year = Number(r.firstDay.slice(0, 4));
  const month = Number(r.firstDay.slice(5, 7));
  if (r.periodKind === 'year') return yearPeriod(year);
  if (r.periodKind === 'month') return monthPeriod(year, month);
  if (r.periodKind === 'quarter') return quarterPeriod(year, Math.floor((month - 1) / 3) + 1);
  return customPeriod(r.firstDay, r.lastDay);
}
/** "Quý IV/2026" (the label without its dates). */
export const periodName = (p: Period): string => p.label.replace(/\s*\(.*\)$/, '');

/** What the public page shows of an invitation. */
interface InvitationInfo {
  agencyName: string;
  period: string;
  from: Date;
  to: Date;
  closesAt: Date;
}
export type InvitationView = { state: 'not_found' } | ({ state: 'open' } & InvitationInfo) | ({ state: 'answered' } & InvitationInfo) | ({ state: 'closed' } & InvitationInfo);

export type SurveyDrawCounts = { survey_rounds: number; survey_invited: number; survey_messages: number };

export function surveyService(deps: Deps, wiring: { messaging: Pick<MessagingService, 'notifyContact' | 'isSwitchedOff'>; randomInt?: RandomInt }) {
  const { db, clock } = deps;
  const randomInt = wiring.randomInt ?? cryptoRandomInt;

  async function invitationView(token: string, now: Date): Promise<InvitationView> {
    const inv = await surveyRepo(db).invitation(tokenHashOf(token));
    if (!inv) return { state: 'not_found' };
    const period = periodOfRound(inv);
    // `to`: the period's last instant (its last day, for dates).
    const base = { agencyName: inv.agencyName, period: periodName(period), from: period.from, to: new Date(period.to.getTime() - 1), closesAt: inv.closesAt };
    if (inv.answered) return { state: 'answered', ...base };
    if (now.getTime() >= inv.closesAt.getTime()) return { state: 'closed', ...base };
    return { state: 'open', ...base };
  }

  return {
    /** The settings and every agency's own sample size (the administrators' page). */
    async settings() {
      const repo = surveyRepo(db);
      return { settings: await repo.settings(), agencies: await repo.agencySizes(), periodKinds: SURVEY_PERIOD_KINDS };
    },

    /** Save the administrator's settings; a refused form keeps its values. */
    async saveSettings(actor: StaffUser, body: Record<string, unknown>): Promise<Outcome<null, 'forbidden' | 'invalid'> | (Refusal<'invalid'> & { values: Record<string, string> })> {
      if (actor.role !== 'admin') return refuse('forbidden', 'Chỉ quản trị hệ thống thiết lập khảo sát.');
      const agencies = await surveyRepo(db).agencySizes();
      const parsed = parseSurveySettings(body, agencies.map((a) => a.id));
      if (!parsed.ok) return { ...refuseFields(parsed.errors), values: parsed.values };
      const v = parsed.value;
      await db.transaction((trx) =>
        surveyRepo(trx).saveSettings(
          { periodKind: v.periodKind, defaultSize: v.defaultSize, answerDays: v.answerDays },
          [...v.sizes].map(([agencyId, size]) => ({ agencyId, size })),
          actor.id,
          clock.now(),
        ),
      );
      return { ok: true, value: null };
    },

    /**
     * The job: draw the last whole period's round if it is not drawn yet. Nothing when every
     * agency's size is 0 or the administrator switched the invitation off (the round stays
     * undrawn: a later run draws it once that changes).
     */
    async draw(now: Date): Promise<SurveyDrawCounts> {
      const counts: SurveyDrawCounts = { survey_rounds: 0, survey_invited: 0, survey_messages: 0 };
      const settings = await surveyRepo(db).settings();
      const period = lastCompletedPeriod(settings.periodKind, localDateOf(now));
      if (await surveyRepo(db).roundOf(settings.periodKind, period.firstDay)) return counts;
      if (await wiring.messaging.isSwitchedOff(db, 'survey_invitation')) return counts;
      const sizes = new Map((await surveyRepo(db).agencySizes()).map((a) => [a.id, a.size ?? settings.defaultSize]));
      if (![...sizes.values()].some((s) => s > 0)) return counts;

      await db.transaction(async (trx) => {
        const repo = surveyRepo(trx);
        // Open through the whole of the last day: closed from the start of the day after.
        const closesAt = vnInstant(addDays(localDateOf(now), settings.answerDays + 1));
        const roundId = await repo.insertRound({ periodKind: settings.periodKind, firstDay: period.firstDay, lastDay: period.lastDay, drawnAt: now, closesAt });
        if (roundId === null) return; // another run drew it first
        counts.survey_rounds = 1;
        // The population, one entry per citizen (phone, else e-mail) per agency.
        const byAgency = new Map<number, Map<string, { phone: string; email: string | null }>>();
        for (const c of await repo.returnedContacts(period.from, period.to)) {
          const key = contactKey(c.phone, c.email);
          if (key === null || (sizes.get(c.agencyId) ?? 0) <= 0) continue;
          const people = byAgency.get(c.agencyId) ?? new Map();
          if (!people.has(key)) people.set(key, { phone: c.phone, email: c.email });
          byAgency.set(c.agencyId, people);
        }
        const names = await repo.agencyNames();
        const invitations: Array<{ tokenHash: string; roundId: number; agencyId: number }> = [];
        const messages: Array<{ agencyId: number; token: string; phone: string; email: string | null }> = [];
        for (const [agencyId, people] of [...byAgency].sort((a, b) => a[0] - b[0])) {
          const sample = simpleRandomSample([...people.values()], sizes.get(agencyId) ?? 0, randomInt);
          await repo.insertStratum(roundId, agencyId, people.size, sample.length);
          for (const person of sample) {
            const token = newSurveyToken();
            invitations.push({ tokenHash: tokenHashOf(token), roundId, agencyId });
            messages.push({ agencyId, token, ...person });
          }
        }
        // Two independent random orders: the invitations' storage order says nothing of the messages'.
        await repo.insertInvitations(shuffled(invitations, randomInt));
        const periodLabel = periodName(period);
        const closes = formatDateVn(new Date(closesAt.getTime() - 1));
        for (const m of shuffled(messages, randomInt)) {
          counts.survey_messages += await wiring.messaging.notifyContact(trx, {
            contact: { phone: m.phone.trim() || null, email: m.email },
            template: 'survey_invitation',
            data: { agency: names.get(m.agencyId) ?? '', period: periodLabel, closes, survey_url: absoluteUrl(deps.config.server.publicBaseUrl, paths.survey.answer(m.token)) },
            // Nothing of the person nor of the invitation: a random key, no dossier, the round as reference.
            reference: `KS-${roundId}`,
            dossierId: null,
            key: `survey_invitation:${crypto.randomUUID()}`,
            now,
          });
        }
        counts.survey_invited = invitations.length;
      });
      return counts;
    },

    /** The public page's view of a link. */
    invitation: (token: string) => invitationView(token, clock.now()),

    /** Store an answer: one per invitation, while its round is open. */
    async answer(token: string, body: Record<string, unknown>): Promise<Outcome<null, 'not_found' | 'conflict' | 'invalid'> | (Refusal<'invalid'> & { values: Record<string, string> })> {
      const now = clock.now();
      const view = await invitationView(token, now);
      if (view.state === 'not_found') return refuse('not_found', SURVEY_MESSAGES.notFound);
      if (view.state === 'answered') return refuse('conflict', SURVEY_MESSAGES.answered, { code: 'answered' });
      if (view.state === 'closed') return refuse('conflict', SURVEY_MESSAGES.closed, { code: 'closed' });
      const parsed = parseSurveyAnswer(body);
      if (!parsed.ok) return { ...refuseFields(parsed.errors), values: parsed.values };
      const hash = tokenHashOf(token);
      const stored = await db.transaction(async (trx) => {
        const repo = surveyRepo(trx);
        const inv = await repo.invitation(hash);
        if (!inv || now.getTime() >= inv.closesAt.getTime()) return 'closed' as const;
        if (!(await repo.useInvitation(hash))) return 'answered' as const;
        await repo.insertAnswer(crypto.randomBytes(16).toString('hex'), inv.roundId, inv.agencyId, parsed.value.scores, parsed.value.comment);
        return 'stored' as const;
      });
      if (stored === 'answered') return refuse('conflict', SURVEY_MESSAGES.answered, { code: 'answered' });
      if (stored === 'closed') return refuse('conflict', SURVEY_MESSAGES.closed, { code: 'closed' });
      return { ok: true, value: null };
    },

    /** Every round, newest first (the report's picker). */
    rounds: () => surveyRepo(db).rounds(),

    /**
     * The report of a round (default: the latest): supervisors their agency's stratum,
     * administrators every agency and the province. Figures under the threshold are withheld.
     */
    async report(viewer: StaffUser, roundId: number | null): Promise<Outcome<SurveyReport | null, 'not_found'>> {
      const repo = surveyRepo(db);
      const rounds = await repo.rounds();
      const round = roundId === null ? (rounds[0] ?? null) : await repo.round(roundId);
      if (round === null) return roundId === null ? { ok: true, value: null } : refuse('not_found', SURVEY_MESSAGES.roundNotFound);
      const agencyId = viewer.role === 'admin' ? undefined : viewer.agencyId;
      const strata = await repo.strata(round.id, agencyId);
      const counts = await repo.scoreCounts(round.id, agencyId);
      const comments = new Map<number, string[]>();
      // Free texts are read only where at least 10 answers hide each of them among the others.
      for (const s of strata) if ((counts.get(s.agencyId)?.answers ?? 0) >= SURVEY_MIN_ANSWERS) comments.set(s.agencyId, await repo.comments(round.id, s.agencyId));
      return { ok: true, value: buildSurveyReport({ round, period: periodOfRound(round), strata, counts, comments, province: viewer.role === 'admin', generatedAt: clock.now() }) };
    },
  };
}

export type SurveyService = ReturnType<typeof surveyService>;
