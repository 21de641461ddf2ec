/**
 * The webhook body as Zalo sends it (OA API v3): the fields we read, checked with zod; any
 * other field is kept in the stored raw body and ignored. The timestamp (ms) comes as a
 * string, sometimes as a number: kept as the text it was signed with.
 */
import { z } from 'zod';

const id = z.union([z.string(), z.number()]).transform((v) => String(v)).pipe(z.string().min(1).max(64));

export const zaloEventSchema = z.object({
  app_id: id,
  event_name: z.string().min(1).max(60),
  timestamp: z.union([z.string(), z.number()]).transform((v) => String(v)).pipe(z.string().regex(/^\d{1,16}$/)),
  sender: z.object({ id: id.optional() }).passthrough().optional(),
  recipient: z.object({ id: id.optional() }).passthrough().optional(),
  user_id_by_app: z.string().max(64).optional(),
  follower: z.object({ id: id.optional() }).passthrough().optional(),
  message: z
    .object({
      text: z.string().max(20_000).optional(),
      msg_id: z.union([z.string(), z.number()]).transform((v) => String(v)).pipe(z.string().min(1).max(128)).optional(),
    })
    .passthrough()
    .optional(),
});

export type ZaloEvent = z.output<typeof zaloEventSchema>;

/** The JSON of a raw body, or null when it is not a JSON object. */
export function parseJsonBody(raw: string): unknown {
  try {
    const v: unknown = JSON.parse(raw);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

/** Only what the signature needs: app_id and timestamp exactly as the body carries them. */
export function signedFields(body: unknown): { appId: string; timestamp: string } | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  const appId = typeof b.app_id === 'string' || typeof b.app_id === 'number' ? String(b.app_id) : null;
  const ts = typeof b.timestamp === 'string' || typeof b.timestamp === 'number' ? String(b.timestamp) : null;
  return appId && ts ? { appId, timestamp: ts } : null;
}

export function parseZaloEvent(body: unknown): ZaloEvent | null {
  const r = zaloEventSchema.safeParse(body);
  return r.success ? r.data : null;
}

/** The follower an event is about: sender.id for messages; follower.id for follow/unfollow. */
export function senderOf(e: ZaloEvent): string | null {
  if (e.event_name === 'follow' || e.event_name === 'unfollow') return e.follower?.id ?? e.sender?.id ?? null;
  return e.sender?.id ?? null;
}
