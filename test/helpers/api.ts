/**
 * The integration API in tests: keys created through the administrator's form (the key read
 * from the page that shows it once), dossiers received over HTTP at two agencies with
 * recognisable personal data, and the OpenAPI document's response schemas compiled with ajv.
 */
import assert from 'node:assert/strict';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import request from 'supertest';
import { certifiedCopyForm, dossierIdFromRedirect, signIn } from './app.js';

type Agent = Awaited<ReturnType<typeof signIn>>;

/** Create a key at /quan-tri/khoa-api/moi; returns its id and the key the page shows once. */
export async function createKey(admin: Agent, form: { name: string; scope: 'all' | 'some'; agencies?: number[]; personal_data?: boolean }): Promise<{ id: number; key: string }> {
  const body: Record<string, string | string[]> = { _csrf: admin.csrf, name: form.name, scope: form.scope, agencies: (form.agencies ?? []).map(String) };
  if (form.personal_data) body.personal_data = 'on';
  const res = await admin.agent.post('/quan-tri/khoa-api/moi').type('form').send(body).expect(303);
  const location = String(res.headers.location);
  const id = Number(/\/quan-tri\/khoa-api\/(\d+)$/.exec(location)![1]);
  const page = await admin.agent.get(location).expect(200);
  const m = /<code id="khoa-moi">([^<]+)<\/code>/.exec(page.text);
  assert.ok(m, 'the new key is shown on the page the form redirects to');
  return { id, key: m[1]! };
}

/** The personal data one applicant is received with (distinct per index). */
const letters = (i: number) => 'abcdefghijklmnopqrstuvwxyz'[i % 26]! + 'abcdefghijklmnopqrstuvwxyz'[Math.floor(i / 26) % 26]!;

export function applicant(i: number) {
  return {
    applicant_name: `Phạm Thị Quỳnh Như${letters(i)}`,
    applicant_id_number: `0751900${String(70000 + i).padStart(5, '0')}`,
    applicant_phone: `0909 ${String(100 + (i % 900)).padStart(3, '0')} ${String(200 + i).padStart(3, '0')}`,
    applicant_email: `quynhnhu${i}@thu-nghiem.vn`,
    applicant_address: `${45 + i} đường Nguyễn Ái Quốc, phường Tân Phong`,
    representative_name: `Lê Văn Đại Diện${letters(i)}`,
    note: `Gọi chị Như số ${i} trước khi trả kết quả`,
  };
}

/** Receive a dossier over HTTP at the clerk's counter (all listed documents received). */
export async function receive(clerk: Agent, procedure: string, i: number): Promise<number> {
  const form = { ...certifiedCopyForm(applicant(i)), doc_3_received: 'on', doc_4_received: 'on', action: 'confirm', _csrf: clerk.csrf };
  const res = await clerk.agent.post(`/tiep-nhan/${procedure}/xac-nhan`).type('form').send(form);
  assert.equal(res.status, 303, `intake of ${procedure}: ${res.status} ${[...res.text.matchAll(/class="error-message"[^>]*>(.*?)<\/p>/gs)].map((m) => m[1]).join(" | ")}`);
  return dossierIdFromRedirect(res.headers.location);
}

/** A validator of the responses the OpenAPI document declares, per path, method and status. */
export function openApiValidator(doc: any) {
  const addFormats = addFormatsModule as unknown as (a: Ajv2020) => void;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const compiled = new Map<string, ReturnType<Ajv2020['compile']>>();
  /** `body` against one of the document's component schemas (the variant a key must get). */
  const component = (name: string, body: unknown): void => {
    let validate = compiled.get(`#${name}`);
    if (!validate) {
      assert.ok(doc.components.schemas[name], `the document has the schema ${name}`);
      validate = ajv.compile({ $ref: `#/components/schemas/${name}`, components: doc.components });
      compiled.set(`#${name}`, validate);
    }
    assert.ok(validate(body), `not a ${name}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`);
  };
  const response = (path: string, status: number, body: unknown): void => {
    const key = `${path} ${status}`;
    let validate = compiled.get(key);
    if (!validate) {
      const schema = doc.paths[path]?.get?.responses?.[String(status)]?.content?.['application/json']?.schema;
      assert.ok(schema, `the document declares ${key}`);
      validate = ajv.compile({ ...schema, components: doc.components });
      compiled.set(key, validate);
    }
    assert.ok(validate(body), `${key} does not match the document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`);
  };
  return Object.assign(response, { component });
}

export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
export type { Agent };
export { request };
