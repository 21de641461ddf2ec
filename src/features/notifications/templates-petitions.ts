/** Message templates of the petitions feature (merged into TEMPLATES by templates.ts). */
import type { MessageTemplate } from './templates.js';

export const PETITION_TEMPLATES = [] as const satisfies readonly MessageTemplate[];
