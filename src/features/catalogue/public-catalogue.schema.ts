/** Inputs of the public catalogue's pages, through the form kit: the search's query string and a procedure's path. */
import { z } from 'zod';
import { cleanText } from '../../domain/text.js';
import { hasControlChars, MAX_ID } from '../../web/form.js';

const safe = z.string().refine((v) => !hasControlChars(v));

/** /thu-tuc?q=&linh_vuc=&co_quan=&truc_tuyen=1&trang=: anything malformed reads as "not given" (a search never fails). */
export const catalogueQuerySchema = z.object({
  q: safe.transform((v) => cleanText(v).slice(0, 200)).catch(''),
  linh_vuc: safe.transform((v) => cleanText(v).slice(0, 200)).catch(''),
  co_quan: z
    .string()
    .transform((v) => (/^\d{1,10}$/.test(v) && Number(v) >= 1 && Number(v) <= MAX_ID ? Number(v) : null))
    .catch(null),
  truc_tuyen: z
    .string()
    .transform((v) => v === '1')
    .catch(false),
  trang: z
    .string()
    .transform((v) => (/^\d{1,6}$/.test(v) && Number(v) >= 1 ? Number(v) : 1))
    .catch(1),
});

/** A procedure code in the path, with `.json` asking for the JSON form ("1.001193.json"). */
export const procedureCodeSchema = z.object({
  code: z
    .string()
    .max(80)
    .refine((v) => !hasControlChars(v))
    .transform((raw) => ({ code: raw.replace(/\.json$/, ''), json: raw.endsWith('.json') })),
});
