/**
 * The dossier page's contract with the features that show something on it
 * (docs/development/dossier-page.md). A feature provides a `DossierPanel` from its own
 * folder; the composition root (src/services.ts) registers it; the presenter builds every
 * registered panel for the dossier and the viewer, and views/dossiers/show.ejs renders each
 * one in its slot, in order, through the partial the panel names.
 */
import type { StaffUser } from '../../../domain/roles.js';
import type { RefusalReason } from '../../../platform/refusal/refusal.js';
import type { FieldErrors, FormValues } from '../../../web/form.js';
import type { DossiersService } from '../dossiers.service.js';

/** What the dossier record gives every panel (the page's core: the dossier, its history, its pauses). */
export type DossierDetails = Extract<Awaited<ReturnType<DossiersService['details']>>, { ok: true }>['value'];

/**
 * A form of the page that failed: the page is shown again with its messages and what was
 * typed. Nothing here is feature-specific: the panel whose form it was reads it.
 */
export interface PageFailure {
  /** Why (the refusal's reason: 'invalid', 'conflict', 'held'…); page.http.ts sets the page's status from it (statusOf). */
  reason: RefusalReason;
  /**
   * The form that failed, named by its panel: the panel's key ('workflow', 'apology') or
   * `<key>:<item>` for a panel with one form per item ('questions:12'). Absent: there is no
   * form to show again (the refusal is about the dossier as it now is).
   */
  form?: string;
  /** Messages by field name of that form. */
  errors?: FieldErrors;
  /** A refusal about the form as a whole or one of its fields: reason code, Vietnamese message, optional field. */
  refusal?: { reason: string; message: string; field?: string };
  /** What was typed in that form, to put back in its fields. */
  values?: FormValues;
  /**
   * The free text that was typed, shown above the page ("Nội dung bạn vừa nhập (chưa được
   * lưu)") when no panel shows the form again, so that it is not lost.
   */
  typed?: readonly string[];
}

/** What the page shows after a request: a success banner (the `xong` key), or a failed form. */
export interface DossierPageState {
  /** The `xong` query value after a successful action (paths.dossiers.done): the banner's key. */
  done?: string;
  failure?: PageFailure;
}

/** The locals of views/partials/error-summary.ejs (see that partial). */
export interface ErrorSummary {
  errors: FieldErrors;
  summaryOrder?: readonly string[];
  summaryIds?: Record<string, string | null>;
  summaryMessage?: string | null;
  summaryMessageHref?: string | null;
}

/** What a panel's `build` sees. */
export interface PanelContext extends DossierDetails {
  staff: StaffUser;
  /** The failed form of this request, if any (see `failureOf`). */
  failure: PageFailure | null;
  /**
   * Reads something once for the whole page: panels that need the same data (the issued
   * apology, say) name it with the same key and share one read.
   */
  once<T>(key: string, read: () => Promise<T>): Promise<T>;
}

/** A fresh `once` for one page build. */
export function pageReads(): PanelContext['once'] {
  const reads = new Map<string, Promise<unknown>>();
  return <T>(key: string, read: () => Promise<T>): Promise<T> => {
    if (!reads.has(key)) reads.set(key, read());
    return reads.get(key) as Promise<T>;
  };
}

export interface PanelView {
  /** The partial's locals (it also sees the page's: dossier, paths, h, csrfToken, staff). */
  model: Record<string, unknown>;
  /**
   * Set when the failed form is this panel's and the panel shows it again: the page's one
   * error summary, linked to the fields of that form. When no panel claims a failure, the
   * summary shows its message unlinked and the typed text is shown back above the page.
   */
  summary?: ErrorSummary;
}

/**
 * Where a panel goes on the page: 'actions' under the status line (what staff can do),
 * 'documents' in the row of document buttons, 'activity' after the hand-overs and before
 * the history (what happened around the dossier).
 */
export const PANEL_SLOTS = ['actions', 'documents', 'activity'] as const;
export type PanelSlot = (typeof PANEL_SLOTS)[number];

export interface DossierPanel {
  /** Unique on the page; also the name of this panel's forms in `PageFailure.form`. */
  key: string;
  slot: PanelSlot;
  /** Position within the slot, lowest first. */
  order: number;
  /** The partial that renders it, under views/ (e.g. 'workflow/panel'). */
  view: string;
  /** The panel for this dossier and viewer, or null when it has nothing to show. */
  build(ctx: PanelContext): Promise<PanelView | null> | PanelView | null;
  /** The success banners after this panel's forms, by the `xong` key of paths.dossiers.done. */
  banners?: Readonly<Record<string, string>>;
}

/** The failed form of the request when it is `key`'s (`key` or `key:<item>`), else null. */
export function failureOf(ctx: PanelContext, key: string): (PageFailure & { form: string; item: string | null }) | null {
  const form = ctx.failure?.form;
  if (!form || (form !== key && !form.startsWith(`${key}:`))) return null;
  return { ...ctx.failure!, form, item: form === key ? null : form.slice(key.length + 1) };
}

/** The panels the composition root registers; keys are unique. */
export function panelRegistry() {
  const panels: DossierPanel[] = [];
  const registry = {
    register(...more: DossierPanel[]) {
      for (const p of more) {
        if (panels.some((x) => x.key === p.key)) throw new Error(`dossier page: panel "${p.key}" registered twice`);
        panels.push(p);
      }
      return registry;
    },
    /** The panels of a slot, in order (ties keep their registration order). */
    inSlot(slot: PanelSlot): readonly DossierPanel[] {
      return panels.filter((p) => p.slot === slot).sort((a, b) => a.order - b.order);
    },
    all: (): readonly DossierPanel[] => [...panels],
  };
  return registry;
}

export type PanelRegistry = ReturnType<typeof panelRegistry>;
