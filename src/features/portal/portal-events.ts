/**
 * Which dossier events the National Public Service Portal must learn of: the one table that
 * decides it (docs/integrations.md, "What is sent"). Pure data. Every event type motcua appends
 * is listed, sent (its sync row's kind) or not (null, with why): test/unit/portal-events.test.ts
 * checks the list against the state machine's actions and the event labels, so a new event type
 * cannot be forgotten. An unknown type is not sent.
 */

/** The kinds of sync rows (portal_sync.kind). `resync` is an administrator's re-queue, no event. */
export const PORTAL_KINDS = ['intake', 'routing', 'status', 'supplement_requested', 'supplement_received', 'appointment', 'result', 'hand_back', 'cancelled', 'resync'] as const;
export type PortalKind = (typeof PORTAL_KINDS)[number];

export const PORTAL_EVENTS: Readonly<Record<string, PortalKind | null>> = {
  // Sent: every change of what the portal shows (status, appointment, supplement, result).
  received: 'intake', // reception (TrangThaiHoSo 2)
  take: 'routing', // a processing step: the officer takes it (received → in progress)
  assign: 'routing', // a processing step: handed to a department or officer
  request_supplement: 'supplement_requested',
  receive_supplement: 'supplement_received', // the appointment is recomputed in the same change
  pause: 'status',
  resume: 'status',
  refuse: 'status',
  withdraw: 'status',
  mark_result_ready: 'result',
  return_result: 'hand_back',
  void: 'cancelled', // a mistaken intake cancelled the day it was received
  appointment_recomputed: 'appointment', // a calendar change moved the appointment
  apology_issued: 'appointment', // the apology re-sets the appointment once
  // Not sent: internal to the office, or about the citizen's messages.
  receipt_printed: null, // printing the receipt changes nothing the portal holds
  due_soon: null, // a warning to staff
  overdue: null, // a flag for staff and reports; the portal computes lateness from the dates
  apology_reminder: null, // a draft for the head, nothing issued yet
  escalated: null, // internal escalation
  early_completion_notice: null, // a message to the citizen
  supplement_override: null, // the head's permission; the request itself follows and is sent
  question_asked: null, // citizens' questions stay in motcua
  question_answered: null,
  question_note: null,
  question_escalated: null,
  zalo_linked: null, // a Zalo follower linked to the dossier
};

/** The sync row kind of an event type, or null when the portal is not told. */
export function portalKindOf(eventType: string): PortalKind | null {
  return Object.hasOwn(PORTAL_EVENTS, eventType) ? (PORTAL_EVENTS[eventType] ?? null) : null;
}
