/** Message templates of filing a petition (the acknowledgement; merged into TEMPLATES by templates.ts). */
import type { MessageTemplate } from './templates.js';

export const PETITION_INTAKE_TEMPLATES = [] as const satisfies readonly MessageTemplate[];
