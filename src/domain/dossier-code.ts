/**
 * National dossier code: `<agency electronic ID>-<yyMMdd>-<sequence>`.
 * The electronic ID is up to 35 characters of 0–9, A–Z and "."; the date is the
 * receipt date in Vietnam; the sequence is per agency and day, zero-padded to at
 * least four digits and allowed to grow beyond 9999. Codes are opaque strings.
 *
 * Agency identifiers come in two layouts, both accepted everywhere:
 * - Decision 20/2020/QĐ-TTg (current): the level-1 code first, then the lower levels,
 *   e.g. `H26.57` or `H26.57.01` (a letter and two digits, then groups of digits);
 * - QCVN 102:2016 (legacy, still on issued codes): the lowest level first and the
 *   level-1 code last, e.g. `000.00.12.H26`.
 * Circular 04/2025 lets nationally centralised services put a two-letter prefix before
 * the sequence (`<agency>-<yyMMdd>-AA<seq>`): accepted too.
 */
import { localParts } from './time.js';

export const AGENCY_EID_RE = /^[0-9A-Z.]{1,35}$/;
const CODE_RE = /^([0-9A-Z.]{1,35})-(\d{6})-([A-Z]{2})?(\d{4,})$/;

/** Decision 20/2020/QĐ-TTg: level 1 (letter + 2 digits), then up to three levels of 2–3 digits. */
export const DECISION_20_2020_EID_RE = /^[A-Z]\d{2}(?:\.\d{2,3}){0,3}$/;
/** QCVN 102:2016: `ddd.dd.dd.Xdd`, the level-1 code last. */
export const QCVN_102_2016_EID_RE = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;

/**
 * THE dossier-code pattern (no anchors, no flags; upper case as issued): an agency ID in
 * either layout, the date, Circular 04/2025's optional two-letter prefix and the sequence.
 * Whoever must find codes inside a text (the anonymiser keeps them whole, the question
 * checker drops them before looking for phone numbers) builds its regex from this one, with
 * the flags it needs ('i' for folded text).
 */
export const DOSSIER_CODE_PATTERN = `(?:${DECISION_20_2020_EID_RE.source.slice(1, -1)}|${QCVN_102_2016_EID_RE.source.slice(1, -1)})-\\d{6}-(?:[A-Z]{2})?\\d{4,}`;

export type AgencyEidLayout = 'decision_20_2020' | 'qcvn_102_2016' | 'other';

export function isValidAgencyEid(eid: string): boolean {
  return AGENCY_EID_RE.test(eid);
}

/** Which layout an (already valid) electronic ID follows; 'other' is still accepted. */
export function agencyEidLayout(eid: string): AgencyEidLayout {
  if (DECISION_20_2020_EID_RE.test(eid)) return 'decision_20_2020';
  if (QCVN_102_2016_EID_RE.test(eid)) return 'qcvn_102_2016';
  return 'other';
}

/** The level-1 code (province or ministry, e.g. `H26`) of an ID in either layout; null otherwise. */
export function levelOneCode(eid: string): string | null {
  switch (agencyEidLayout(eid)) {
    case 'decision_20_2020':
      return eid.split('.')[0]!;
    case 'qcvn_102_2016':
      return eid.split('.')[3]!;
    default:
      return null;
  }
}

export function codeDatePart(receivedAt: Date): string {
  const p = localParts(receivedAt);
  return `${String(p.year % 100).padStart(2, '0')}${String(p.month).padStart(2, '0')}${String(p.day).padStart(2, '0')}`;
}

export function formatDossierCode(agencyEid: string, receivedAt: Date, sequence: number): string {
  if (!isValidAgencyEid(agencyEid)) throw new RangeError(`Invalid agency electronic ID: ${agencyEid}`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError('Sequence must be a positive integer');
  return `${agencyEid}-${codeDatePart(receivedAt)}-${String(sequence).padStart(4, '0')}`;
}

export interface ParsedDossierCode {
  agencyEid: string;
  datePart: string;
  /** Circular 04/2025's two-letter prefix of the number part, or null. */
  prefix: string | null;
  sequence: number;
}

export function parseDossierCode(code: string): ParsedDossierCode | null {
  const m = CODE_RE.exec(code.trim().toUpperCase());
  if (!m) return null;
  return { agencyEid: m[1]!, datePart: m[2]!, prefix: m[3] ?? null, sequence: Number(m[4]) };
}
