/**
 * National dossier code: `<agency electronic ID>-<yyMMdd>-<sequence>`.
 * The electronic ID is up to 35 characters of 0–9, A–Z and "."; the date is the
 * receipt date in Vietnam; the sequence is per agency and day, zero-padded to at
 * least four digits and allowed to grow beyond 9999. Codes are opaque strings.
 */
import { localParts } from './time.js';

export const AGENCY_EID_RE = /^[0-9A-Z.]{1,35}$/;
const CODE_RE = /^([0-9A-Z.]{1,35})-(\d{6})-(\d{4,})$/;

export function isValidAgencyEid(eid: string): boolean {
  return AGENCY_EID_RE.test(eid);
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
  sequence: number;
}

export function parseDossierCode(code: string): ParsedDossierCode | null {
  const m = CODE_RE.exec(code.trim().toUpperCase());
  if (!m) return null;
  return { agencyEid: m[1]!, datePart: m[2]!, sequence: Number(m[3]) };
}
