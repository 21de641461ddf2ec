/** Message templates of the zalo feature (merged into TEMPLATES by templates.ts). */
import type { MessageTemplate } from './templates.js';

export const ZALO_TEMPLATES = [] as const satisfies readonly MessageTemplate[];
