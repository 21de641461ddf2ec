/** Message templates of the questions feature (merged into TEMPLATES by templates.ts). */
import type { MessageTemplate } from './templates.js';

export const QUESTION_TEMPLATES = [] as const satisfies readonly MessageTemplate[];
