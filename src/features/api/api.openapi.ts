/**
 * The OpenAPI 3.1 document of /api/v1, served at /api/v1/openapi.json. It describes exactly
 * what api.present.ts builds: every object lists its required fields and allows no others,
 * and the answers with and without personal data are two schemas (a key without personal
 * data gets no applicant, no notes). test/integration/api.test.ts validates the real answers
 * of every endpoint against it.
 */
import { DOSSIER_STATUSES } from '../../domain/status.js';
import { paths } from '../../web/paths.js';
import { MAX_LIMIT, DEFAULT_LIMIT } from './api.schema.js';

type Schema = Record<string, unknown>;

const str: Schema = { type: 'string' };
const strOrNull: Schema = { type: ['string', 'null'] };
const int: Schema = { type: 'integer' };
const instant: Schema = { type: 'string', format: 'date-time' };
const instantOrNull: Schema = { type: ['string', 'null'], format: 'date-time' };
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const orNull = (s: Schema): Schema => ({ oneOf: [s, { type: 'null' }] });

/** An object with exactly these properties, all required. */
function object(properties: Record<string, Schema>, description?: string): Schema {
  return { type: 'object', ...(description ? { description } : {}), additionalProperties: false, required: Object.keys(properties), properties };
}

const dossierProperties: Record<string, Schema> = {
  code: { ...str, description: 'The dossier code (mã hồ sơ).' },
  status: { type: 'string', enum: [...DOSSIER_STATUSES] },
  status_label: { ...str, description: 'The status in Vietnamese.' },
  channel: { ...str, description: 'How it was filed: counter, online, post.' },
  applicant_kind: { ...str, description: 'person or organisation.' },
  result_delivery: { ...str, description: 'counter, post or online.' },
  sets_count: int,
  procedure: ref('ProcedureRef'),
  receiving_agency: ref('Agency'),
  processing_agency: ref('Agency'),
  holding_agency: orNull(ref('Agency')),
  received_at: instant,
  appointment_at: { ...instant, description: 'The appointment to return the result (ngày hẹn trả), as it stands now.' },
  original_appointment_at: instant,
  extended_appointment_at: instantOrNull,
  finished_at: instantOrNull,
  completion: { type: ['string', 'null'], enum: ['early', 'on_time', 'late', null] },
  returned_at: instantOrNull,
  updated_at: instant,
};

const personalProperties: Record<string, Schema> = {
  applicant: object({ name: str, id_number: str, phone: str, email: strOrNull, address: str, organisation_code: strOrNull }),
  representative: orNull(object({ name: str, id_number: strOrNull, phone: strOrNull, email: strOrNull, address: strOrNull })),
  note: strOrNull,
  outcome_note: strOrNull,
  returned_to: { ...strOrNull, description: 'Who collected the result.' },
};

const eventProperties: Record<string, Schema> = {
  seq: { ...int, description: "The event's number in the dossier's chain (1, 2, …)." },
  type: str,
  from_status: strOrNull,
  to_status: strOrNull,
  at: instant,
  public: { type: 'boolean', description: 'Shown to the citizen on the public status page.' },
};

const error = object({ error: object({ code: str, message: { ...str, description: 'In Vietnamese.' } }) });

function variants(suffix: '' | 'WithPersonalData', pd: boolean): Record<string, Schema> {
  const d = `Dossier${suffix}`;
  const e = `Event${suffix}`;
  return {
    [d]: object(pd ? { ...dossierProperties, ...personalProperties } : dossierProperties),
    [e]: object(pd ? { ...eventProperties, note: strOrNull } : eventProperties),
    [`FeedItem${suffix}`]: object({ cursor: { ...str, description: 'The cursor just after this item.' }, event: ref(e), dossier: ref(d) }),
    [`ChangesPage${suffix}`]: object({
      items: { type: 'array', maxItems: MAX_LIMIT, items: ref(`FeedItem${suffix}`) },
      next: { ...str, description: 'Pass it as `after` to read on: the last item’s cursor, or further when the page is not full (everything of the key’s up to there is in it).' },
      has_more: { type: 'boolean', description: 'More items are already waiting: read on at once.' },
    }),
    [`DossierDetail${suffix}`]: object({ dossier: ref(d), events: { type: 'array', items: ref(e) } }),
  };
}

const json = (schema: Schema, description: string) => ({ description, content: { 'application/json': { schema } } });
const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      String(s),
      {
        ...json(ref('Error'), ERROR_DESCRIPTIONS[s] ?? 'Error'),
        ...(s === 429 ? { headers: { 'Retry-After': { description: 'Seconds to wait.', schema: int } } } : {}),
      },
    ]),
  );
const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad input (code: invalid_cursor, invalid_limit, invalid_code).',
  401: 'No key, an unknown key, or a revoked key (code: unauthenticated, revoked).',
  404: 'No such dossier, or not one of the key’s agencies (the same answer for both).',
  429: 'Too many calls for this key (code: rate_limited).',
  403: 'The key lacks the "submit" scope, or the agency is outside its scope (code: forbidden).',
};

/** POST /api/v1/ho-so-truc-tuyen: the request (src/features/online/online-api.ts submitSchema) and the answer. */
const code = (max: number): Schema => ({ type: 'string', minLength: 1, maxLength: max, pattern: '^[0-9A-Za-z._-]+$' });
const onlineSubmission: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['portal_code', 'procedure_code', 'applicant', 'documents'],
  properties: {
    portal_code: { ...code(60), description: "The portal's own dossier code: the same code files once (idempotent)." },
    procedure_code: { ...code(30), description: 'A procedure whose online level is partial or full.' },
    agency_code: { ...code(60), description: "The receiving agency's electronic id; may be left out when one agency receives the procedure." },
    applicant: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'id_number', 'phone', 'address'],
      properties: {
        name: { type: 'string', maxLength: 200 },
        id_number: { type: 'string', maxLength: 20, description: '12-digit citizen ID number (checked as at the counter).' },
        birth_date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
        phone: { type: 'string', maxLength: 20 },
        email: { type: 'string', maxLength: 200 },
        address: { type: 'string', maxLength: 500 },
      },
    },
    result_delivery: { type: 'string', enum: ['counter', 'post', 'online'] },
    note: { type: 'string', maxLength: 1000 },
    documents: {
      type: 'array',
      maxItems: 30,
      description: "The procedure's checklist rows by position: each a file by URL (fetched once: http/https, no redirects, the size limit, never a private address), a file inline in base64, or paper (brought to the counter; not for a full online procedure). Every required row must be there.",
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['position'],
        properties: {
          position: { type: 'integer', minimum: 1, maximum: 999 },
          file_name: { type: 'string', maxLength: 200 },
          url: { type: 'string', maxLength: 2000 },
          content_base64: { type: 'string' },
          paper: { type: 'boolean', const: true },
        },
        oneOf: [{ required: ['url'] }, { required: ['content_base64'] }, { required: ['paper'] }],
      },
    },
  },
};

/** OpenAPI path templates from the Express patterns (`:code` → `{code}`). */
const template = (pattern: string) => pattern.replace(/:([A-Za-z_]+)/g, '{$1}');

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'motcua integration API',
    version: '1.0.0',
    description:
      "Dossiers and the procedure catalogue of the one-stop-shop offices, for the province's other systems. Every call needs an API key created by an administrator (Authorization: Bearer). A key reads the dossiers of its agencies (received, processed or held by one of them), with or without personal data. Errors are JSON {error: {code, message}}, messages in Vietnamese.",
  },
  servers: [{ url: '/' }],
  security: [{ bearer: [] }],
  paths: {
    [paths.api.changes]: {
      get: {
        operationId: 'changes',
        summary: 'The change feed: every event of the key’s dossiers, in a stable order, with the dossier as it is now.',
        parameters: [
          { name: 'after', in: 'query', required: false, description: 'The `next` cursor of the previous page; absent: from the start.', schema: str },
          { name: 'limit', in: 'query', required: false, description: `Items per page, 1–${MAX_LIMIT} (default ${DEFAULT_LIMIT}).`, schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT } },
        ],
        responses: {
          '200': json({ anyOf: [ref('ChangesPage'), ref('ChangesPageWithPersonalData')] }, 'A page of the feed (with personal data for a key that has it).'),
          ...errors(400, 401, 429),
        },
      },
    },
    [template(paths.api.dossier.pattern)]: {
      get: {
        operationId: 'dossier',
        summary: 'One dossier with all its events.',
        parameters: [{ name: 'code', in: 'path', required: true, schema: str }],
        responses: {
          '200': json({ anyOf: [ref('DossierDetail'), ref('DossierDetailWithPersonalData')] }, 'The dossier and its events.'),
          ...errors(400, 401, 404, 429),
        },
      },
    },
    [paths.api.procedures]: {
      get: {
        operationId: 'procedures',
        summary: 'The catalogue of active procedures.',
        responses: { '200': json(ref('Procedures'), 'Every active procedure.'), ...errors(401, 429) },
      },
    },
    [paths.api.onlineSubmit]: {
      post: {
        operationId: 'submitOnline',
        summary: 'A dossier filed online (national portal, province platform): a pre-submission in the receiving agency’s counter queue. Needs the "submit" scope.',
        requestBody: { required: true, content: { 'application/json': { schema: ref('OnlineSubmission') } } },
        responses: {
          '201': json(ref('OnlineSubmissionReceipt'), 'Filed: the registration code and the citizen’s tracking page.'),
          '200': json(ref('OnlineSubmissionReceipt'), 'Filed before under this portal code: what was filed then (nothing fetched or filed again).'),
          ...errors(400, 401, 403, 404, 429),
        },
      },
    },
    [paths.api.openapi]: {
      get: { operationId: 'openapi', summary: 'This document.', security: [], responses: { '200': { description: 'The OpenAPI document.', content: { 'application/json': {} } } } },
    },
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key: mc_<prefix>_<secret>.' } },
    schemas: {
      Error: error,
      Agency: object({ eid: { ...str, description: "The agency's electronic id (mã định danh)." }, name: str }),
      ProcedureRef: object({ code: str, name: str, field: str }),
      ...variants('', false),
      ...variants('WithPersonalData', true),
      Procedure: object({
        code: str,
        name: str,
        field: str,
        processing: object({ unit: { ...str, description: 'working_days, days, working_hours, same_day…' }, amount: int, note: str }),
        fee: object({ amount_vnd: { type: ['integer', 'null'] }, note: str }),
        result: str,
        lead_agency: orNull(ref('Agency')),
        documents: { type: 'array', items: object({ position: int, name: str, originals: int, certified_copies: int, copies: int, required: { type: 'boolean' } }) },
        agencies: { type: 'array', description: 'The agencies that receive it.', items: ref('Agency') },
      }),
      Procedures: object({ items: { type: 'array', items: ref('Procedure') } }),
      OnlineSubmission: onlineSubmission,
      OnlineSubmissionReceipt: object({
        registration_code: { ...str, description: 'The code the citizen brings to the counter (TT-yymmdd-XXXXXX).' },
        portal_code: str,
        status: { type: 'string', enum: ['waiting', 'received', 'refused', 'expired'] },
        tracking_url: { ...str, description: 'The citizen’s tracking page (its token is the only key: give it to the citizen only).' },
        created: { type: 'boolean' },
      }),
    },
  },
} as const;
