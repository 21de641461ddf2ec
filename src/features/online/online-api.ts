/**
 * `POST /api/v1/ho-so-truc-tuyen`: a dossier filed on the national portal or the province's
 * platform, received as a pre-submission in the same counter queue as a web one (source api,
 * the portal's code kept). The key needs the "submit" scope and the agency in its scope.
 * Idempotent on the portal's dossier code: a second call with the same code fetches nothing
 * and files nothing, and answers what the first one filed. Documents by URL (fetched once,
 * with limits: document-fetch.ts) or inline base64 (bounded). Any refusal leaves no file this
 * call stored and no row.
 */
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { FileStore } from '../../platform/files/file-store.js';
import { refuse, type Refusal } from '../../platform/refusal/refusal.js';
import { RESULT_DELIVERY } from '../../domain/status.js';
import { fetchDocument } from './document-fetch.js';
import { fileField, paperField, parseCitizenForm } from './online.schema.js';
import type { OnlineService } from './online.service.js';
import { formatLocalDateVn } from '../../domain/time.js';

/** Inline content: at most this many base64 characters per document (about 10 MB of bytes). */
export const MAX_INLINE_BASE64 = Math.ceil((10 * 1024 * 1024 * 4) / 3) + 4;
/** Documents per call. */
const MAX_DOCUMENTS = 30;

export const SUBMIT_MESSAGES = {
  scope: 'Khóa API này không có phạm vi “submit” (nộp hồ sơ). Đề nghị quản trị viên cấp khóa có phạm vi này.',
  agencyScope: 'Khóa API này không được nộp hồ sơ cho cơ quan tiếp nhận đã chọn.',
  body: 'Nội dung yêu cầu không đúng cấu trúc hồ sơ trực tuyến (xem /api/v1/openapi.json).',
  procedure: 'Thủ tục không có trong danh mục hoặc chưa cho phép nộp hồ sơ trực tuyến.',
  agency: 'Cơ quan tiếp nhận không tiếp nhận thủ tục này (ghi mã định danh của cơ quan trong agency_code).',
  position: (p: number) => `Giấy tờ vị trí ${p} không có trong danh mục giấy tờ của thủ tục.`,
  document: (p: number, message: string) => `Giấy tờ vị trí ${p}: ${message}`,
  base64: 'Nội dung tệp không phải base64 hợp lệ.',
  invalid: (details: string) => `Hồ sơ không hợp lệ: ${details}`,
} as const;

const text = (max: number) => z.string().max(max);
const documentSchema = z
  .object({
    position: z.number().int().min(1).max(999),
    file_name: text(200).optional(),
    url: text(2000).optional(),
    content_base64: z.string().max(MAX_INLINE_BASE64).optional(),
    paper: z.boolean().optional(),
  })
  .strict()
  .refine((d) => [d.url !== undefined, d.content_base64 !== undefined, d.paper === true].filter(Boolean).length === 1, 'url, content_base64 hoặc paper: đúng một');

export const submitSchema = z
  .object({
    portal_code: z.string().min(1).max(60).regex(/^[0-9A-Za-z._-]+$/),
    procedure_code: z.string().min(1).max(30).regex(/^[0-9A-Za-z._-]+$/),
    agency_code: z.string().min(1).max(60).regex(/^[0-9A-Za-z._-]+$/).optional(),
    applicant: z
      .object({
        name: text(200),
        id_number: text(20),
        birth_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
        phone: text(20),
        email: text(200).optional(),
        address: text(500),
      })
      .strict(),
    result_delivery: z.enum(RESULT_DELIVERY).optional(),
    note: text(1000).optional(),
    documents: z.array(documentSchema).max(MAX_DOCUMENTS),
  })
  .strict();

/** A file name as the caller gave it, for display only: its last path segment, printable. */
const cleanName = (name: string | undefined): string =>
  (name ?? '')
    .split(/[\\/]/)
    .pop()!
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim()
    .slice(0, 200);

export type SubmitBody = z.infer<typeof submitSchema>;

export interface SubmitClient {
  keyId: number;
  agencies: 'all' | readonly number[];
  canSubmit: boolean;
}

export interface SubmitAnswer {
  /** False: the portal code had been filed before (the answer is what was filed then). */
  created: boolean;
  body: { registration_code: string; portal_code: string; status: string; tracking_url: string; created: boolean };
}

export function onlineApi(deps: { files: FileStore; online: OnlineService; fetch: { timeoutMs: number; allowPrivate: boolean }; agencyIdOf: (eid: string) => Promise<number | undefined> }) {
  const { files, online } = deps;

  return {
    async submit(client: SubmitClient, raw: unknown): Promise<SubmitAnswer | Refusal<'forbidden' | 'invalid' | 'not_found'>> {
      if (!client.canSubmit) return refuse('forbidden', SUBMIT_MESSAGES.scope, { code: 'forbidden' });
      const parsed = submitSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return refuse('invalid', `${SUBMIT_MESSAGES.body} (${issue.path.join('.') || 'body'})`, { code: 'invalid_body' });
      }
      const b = parsed.data;
      // The same portal code again: what the first call filed, nothing fetched.
      const earlier = await online.byPortalCode(b.portal_code);
      if (earlier) {
        if (earlier.apiKeyId !== null && earlier.apiKeyId !== client.keyId && client.agencies !== 'all') return refuse('forbidden', SUBMIT_MESSAGES.agencyScope, { code: 'forbidden' });
        return { created: false, body: { registration_code: earlier.code, portal_code: b.portal_code, status: earlier.status, tracking_url: online.trackUrl(earlier.token), created: false } };
      }
      const p = await online.procedure(b.procedure_code);
      if (!p) return refuse('not_found', SUBMIT_MESSAGES.procedure, { code: 'procedure_not_found' });
      const agencyId = b.agency_code ? await deps.agencyIdOf(b.agency_code) : p.agencies.length === 1 ? p.agencies[0]!.id : undefined;
      if (agencyId === undefined || !p.agencies.some((a) => a.id === agencyId)) return refuse('invalid', SUBMIT_MESSAGES.agency, { code: 'invalid_agency' });
      if (client.agencies !== 'all' && !client.agencies.includes(agencyId)) return refuse('forbidden', SUBMIT_MESSAGES.agencyScope, { code: 'forbidden' });
      const positions = new Set(p.documents.map((d) => d.position));
      const unknown = b.documents.find((d) => !positions.has(d.position));
      if (unknown) return refuse('invalid', SUBMIT_MESSAGES.position(unknown.position), { code: 'invalid_document' });

      // The files, one after the other; a refusal removes what this call stored.
      const stored: Array<{ field: string; sha256: string; kind: 'jpeg' | 'png' | 'pdf'; size: number; name: string; created: boolean }> = [];
      const fields: Record<string, string> = {
        co_quan: String(agencyId),
        applicant_name: b.applicant.name,
        applicant_id_number: b.applicant.id_number,
        applicant_birth_date: b.applicant.birth_date ? formatLocalDateVn(b.applicant.birth_date) : '',
        applicant_phone: b.applicant.phone,
        applicant_email: b.applicant.email ?? '',
        applicant_address: b.applicant.address,
        result_delivery: b.result_delivery ?? 'counter',
        note: b.note ?? '',
      };
      const discard = async () => {
        for (const f of stored) if (f.created) await files.remove(f.sha256);
      };
      for (const d of b.documents) {
        if (d.paper) {
          fields[paperField(d.position)] = 'on';
          continue;
        }
        let put;
        if (d.url !== undefined) put = await fetchDocument(files, d.url, deps.fetch);
        else {
          const content = d.content_base64!.replace(/\s/g, '');
          if (!/^[A-Za-z0-9+/]*={0,2}$/.test(content)) {
            await discard();
            return refuse('invalid', SUBMIT_MESSAGES.document(d.position, SUBMIT_MESSAGES.base64), { code: 'invalid_document' });
          }
          put = await files.put(Readable.from([Buffer.from(content, 'base64')]));
        }
        if (!put.ok) {
          await discard();
          return refuse('invalid', SUBMIT_MESSAGES.document(d.position, put.message), { code: 'invalid_document' });
        }
        stored.push({ field: fileField(d.position), ...put.value, name: cleanName(d.file_name) || `giay-to-${d.position}` });
      }
      const form = parseCitizenForm(fields, stored, p.documents, { full: p.onlineLevel === 'full', agencyIds: p.agencies.map((a) => a.id) });
      if (!form.ok) {
        await discard();
        return refuse('invalid', SUBMIT_MESSAGES.invalid(Object.values(form.errors).join(' ')), { code: 'invalid_dossier' });
      }
      const filed = await online.submitApi({ procedure: p, agencyId, input: form.value.input, documents: form.value.documents, portalCode: b.portal_code, apiKeyId: client.keyId });
      return {
        created: filed.created,
        body: { registration_code: filed.code, portal_code: b.portal_code, status: filed.status, tracking_url: online.trackUrl(filed.token), created: filed.created },
      };
    },
  };
}

export type OnlineApi = ReturnType<typeof onlineApi>;
