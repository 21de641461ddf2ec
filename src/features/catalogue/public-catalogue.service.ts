/**
 * The public procedure catalogue (issue 23 items 3–4): the search of /thu-tuc and of the
 * Zalo "TT" command (one function: `search`), a procedure's page and JSON, and the
 * checklist of what to bring as a one-page PDF.
 *
 * A procedure's detail is the record of its version in force (the newest applied one) as
 * src/domain/national-procedure.ts reads it, or, before any version, its own columns read
 * the same way (recordFromColumns). Public: the procedures received today, and those imported
 * without a counter time yet (public-catalogue.repo.ts isPublic); never a withdrawn one.
 *
 * The search index (src/domain/procedure-search.ts) is held in memory per instance and
 * rebuilt when the catalogue's change stamp moved (catalogue_stamp, bumped by triggers on
 * every table the catalogue is read from: migration 20261209004100). Each search reads the
 * stamp first (one one-row query): a change made by any writer, on any instance, is seen by
 * the next search. The stamp is read before the data, so an index is never older than the
 * stamp it is labelled with.
 */
import type { Deps } from '../../deps.js';
import type { OfficeHours } from '../../domain/calendar.js';
import { CHANNEL_LABELS, ONLINE_LEVEL_LABELS, readNationalProcedure, type Channel, type ChannelTime, type Fee, type OnlineLevel, type ProcedureDetail } from '../../domain/national-procedure.js';
import { recordFromColumns } from '../../domain/procedure-columns.js';
import { describeFee } from '../../domain/procedure-diff.js';
import { buildSearchIndex, looksLikeCode, searchProcedures, type SearchEntry, type SearchFilters, type SearchIndex, type SearchPage } from '../../domain/procedure-search.js';
import { renderChecklist } from '../../pdf/checklist.js';
import type { Translator } from '../../web/i18n/translator.js';
import { channelsIn, checklistText, feePhrase, namePhrase, timeText } from './catalogue.present.js';
import { absoluteUrl, paths } from '../../web/paths.js';
import { publicCatalogueRepo, type PublicProcedureRow, type ReceivingAgency } from './public-catalogue.repo.js';

/** One procedure as a search result shows it. */
export interface CatalogueItem extends SearchEntry {
  id: number;
  /** The main field. */
  field: string;
  /** The English name where the data has one. */
  nameEn: string | null;
  /** The counter's time and fee in Vietnamese words (the first channel's when there is no counter): Zalo's. */
  time: string;
  fee: string;
  /** The same as data, for the pages to say in their language (catalogue.present.ts). */
  headTime: ChannelTime | null;
  headFee: Fee | null;
  path: string;
}

export interface CatalogueQuery {
  q: string;
  field?: string | null;
  agencyId?: number | null;
  onlineOnly?: boolean;
  page?: number;
}

export interface CatalogueSearch {
  page: SearchPage<CatalogueItem>;
  /** The filters' choices. */
  fields: string[];
  agencies: Array<{ id: number; name: string }>;
}

/** A channel as the page shows it: its label, and each time with its fees, in words. */
export interface ChannelView {
  channel: Channel;
  label: string;
  times: Array<{ time: string; note: string; fees: Array<{ text: string; note: string }> }>;
}

export interface PublicProcedure {
  detail: ProcedureDetail;
  channels: ChannelView[];
  onlineLabel: string;
  agencies: ReceivingAgency[];
  /** "08:00–12:00, 13:00–17:00". */
  officeHours: string;
  url: string;
  /** Whether the data came from a version (the national record) or only motcua's columns. */
  fromVersion: boolean;
}

/** A withdrawal's version (national-import.service.ts): the procedure is no longer in the catalogue. */
const withdrawn = (row: PublicProcedureRow) => typeof row.record === 'object' && row.record !== null && (row.record as { _withdrawn?: unknown })._withdrawn === true;

function detailOf(row: PublicProcedureRow): { detail: ProcedureDetail; fromVersion: boolean } {
  if (row.record) {
    const read = readNationalProcedure(row.record, 0);
    if (read.ok) return { detail: read.detail, fromVersion: true };
  }
  const read = readNationalProcedure(recordFromColumns(row.columns), 0);
  if (!read.ok) throw new Error(`procedure ${row.columns.code}: its columns do not read as a national record`);
  return { detail: read.detail, fromVersion: false };
}

/** The time and fee a result line shows: the counter's first, else the first channel's. */
function headline(d: ProcedureDetail): { time: string; fee: string; headTime: ChannelTime | null; headFee: Fee | null } {
  const ch = d.channels.find((c) => c.channel === 'counter') ?? d.channels[0];
  const t: ChannelTime | undefined = ch?.times[0];
  const fees = ch?.times.flatMap((x) => x.fees) ?? [];
  return { time: t ? timeText(t) : 'Không có thông tin', fee: fees[0] ? describeFee(fees[0]) : 'Không có thông tin', headTime: t ?? null, headFee: fees[0] ?? null };
}

const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
export const describeOfficeHours = (hours: OfficeHours): string => hours.map(([a, b]) => `${clock(a)}–${clock(b)}`).join(', ');

function channelViews(d: ProcedureDetail): ChannelView[] {
  return d.channels.map((c) => ({
    channel: c.channel,
    label: CHANNEL_LABELS[c.channel],
    times: c.times.map((t) => ({
      time: timeText(t),
      note: t.amount !== null ? t.description : '',
      fees: t.fees.map((f) => ({ text: describeFee(f), note: f.amountVnd !== null ? f.description : '' })),
    })),
  }));
}

interface Built {
  index: SearchIndex<CatalogueItem>;
  fields: string[];
  agencies: Array<{ id: number; name: string }>;
}

export function publicCatalogueService(deps: Pick<Deps, 'db' | 'config'>) {
  const repo = publicCatalogueRepo(deps.db);
  const procedureUrl = (code: string) => absoluteUrl(deps.config.server.publicBaseUrl, paths.catalogue.procedure(code));
  let cached: { stamp: string; built: Built } | null = null;
  let building: { stamp: string; promise: Promise<Built> } | null = null;

  async function build(): Promise<Built> {
    const [rows, agencyIds, agencies] = await Promise.all([repo.activeProcedures(), repo.receivingAgencyIds(), repo.receivingAgencies()]);
    const items: CatalogueItem[] = rows.filter((row) => !withdrawn(row)).map((row) => {
      const { detail } = detailOf(row);
      return {
        id: row.id,
        code: detail.code,
        name: detail.name,
        nameEn: detail.nameEn,
        field: detail.fields[0]?.name ?? row.columns.field,
        fields: detail.fields.map((f) => f.name),
        results: detail.results.map((r) => r.name),
        documents: detail.documents.flatMap((c) => c.items.map((i) => i.name)),
        agencyIds: agencyIds.get(row.id) ?? [],
        online: detail.online,
        ...headline(detail),
        path: paths.catalogue.procedure(detail.code),
      };
    });
    const index = buildSearchIndex(items);
    const fields = [...new Set(items.map((i) => i.field))].sort(new Intl.Collator('vi').compare);
    return { index, fields, agencies };
  }

  /** The index for the catalogue as it stands now (rebuilt when the stamp moved; one build at a time). */
  async function current(): Promise<Built> {
    const stamp = await repo.stamp();
    if (cached && cached.stamp === stamp) return cached.built;
    if (!building || building.stamp !== stamp) {
      const promise = build();
      building = { stamp, promise };
      promise.then(
        (built) => {
          if (building?.promise === promise) building = null;
          cached = { stamp, built };
        },
        () => {
          if (building?.promise === promise) building = null;
        },
      );
    }
    return building.promise;
  }

  return {
    /** The search of /thu-tuc and of Zalo "TT": the query's page of matches, best first, and the filters' choices. */
    async search(query: CatalogueQuery): Promise<CatalogueSearch> {
      const built = await current();
      const filters: SearchFilters = { field: query.field ?? null, agencyId: query.agencyId ?? null, onlineOnly: query.onlineOnly ?? false };
      return { page: searchProcedures(built.index, query.q, filters, query.page ?? 1), fields: built.fields, agencies: built.agencies };
    },

    /** A procedure named by its exact code (Zalo "TT 1.001193"); undefined when none. */
    async byExactCode(code: string): Promise<CatalogueItem | undefined> {
      if (!looksLikeCode(code)) return undefined;
      const built = await current();
      const c = code.trim().toLowerCase();
      return built.index.entries.find((e) => e.code.toLowerCase() === c);
    },

    /** Everything the procedure's page shows; undefined when the code names no procedure received today. */
    async procedure(code: string): Promise<PublicProcedure | undefined> {
      const row = await repo.activeProcedure(code);
      if (!row || withdrawn(row)) return undefined;
      const { detail, fromVersion } = detailOf(row);
      return {
        detail,
        channels: channelViews(detail),
        onlineLabel: ONLINE_LEVEL_LABELS[detail.online],
        agencies: await repo.agenciesOf(row.id),
        officeHours: describeOfficeHours(deps.config.office.hours),
        url: procedureUrl(detail.code),
        fromVersion,
      };
    },

    /**
     * The checklist of what to bring, one A4 page, in the translator's language (the page's:
     * the procedure's English name where it has one; document names as the data has them);
     * undefined when the code names no procedure received today.
     */
    async checklist(code: string, tr: Translator): Promise<{ filename: string; pdf: Buffer } | undefined> {
      const p = await this.procedure(code);
      if (!p) return undefined;
      const pdf = await renderChecklist(
        {
          code: p.detail.code,
          name: namePhrase(tr, p.detail).text,
          documents: p.detail.documents,
          channels: channelsIn(tr, p.detail),
          agencies: p.agencies,
          officeHours: p.officeHours,
          url: p.url,
        },
        checklistText(tr),
      );
      return { filename: tr.t('catalogue.pdf.filename', { code: p.detail.code }), pdf };
    },

    /** The absolute address of a procedure's page (receipts, status pages, Mẫu 02, Zalo). */
    procedureUrl,
  };
}

export type PublicCatalogueService = ReturnType<typeof publicCatalogueService>;

/**
 * The JSON of a procedure's page (/thu-tuc/<code>.json): documented in docs/roles/citizen.md.
 * Data, with a few human labels (a channel's `label`, a time's and a fee's `text`) in the
 * language of `tr`, as the status JSON does; everything else is the data as it is.
 */
export function procedureJson(p: PublicProcedure, checklistUrl: string, tr: Translator) {
  const d = p.detail;
  const channels = channelsIn(tr, d);
  return {
    code: d.code,
    name: d.name,
    nameEn: d.nameEn,
    level: d.level,
    fields: d.fields,
    applicants: d.applicants,
    requirements: d.requirements,
    steps: d.steps,
    channels: d.channels.map((c, i) => ({
      channel: c.channel,
      label: channels[i]!.label,
      times: c.times.map((t, j) => ({
        amount: t.amount,
        unit: t.unit,
        text: channels[i]!.times[j]!.time,
        description: t.description,
        fees: t.fees.map((f) => ({ kind: f.kind, amountVnd: f.amountVnd, text: feePhrase(tr, f).text, description: f.description })),
      })),
    })),
    documents: d.documents,
    results: d.results,
    legalBasis: d.legalBasis,
    online: d.online satisfies OnlineLevel,
    byPost: d.byPost,
    inPerson: d.inPerson,
    agencies: p.agencies.map((a) => ({ name: a.name, address: a.address, hotline: a.hotline })),
    officeHours: p.officeHours,
    sources: d.sources,
    url: p.url,
    checklistPdf: checklistUrl,
  };
}
