/**
 * The dossier page's presenter: the view model of views/dossiers/show.ejs, from the dossier
 * record (the page's core) and the panels the features registered (panel.ts). Knows no
 * feature and no HTTP: page.http.ts renders what it builds.
 */
import type { StaffUser } from '../../../domain/roles.js';
import type { RefusalReason } from '../../../platform/refusal/refusal.js';
import type { Access, DossiersService } from '../dossiers.service.js';
import { doneMessage, eventLabel } from '../event-labels.js';
import { PANEL_SLOTS, pageReads, type DossierPageState, type ErrorSummary, type PageFailure, type PanelContext, type PanelRegistry, type PanelSlot } from './panel.js';

/** One panel as the view renders it: `include(view, model)`. */
export interface RenderedPanel {
  key: string;
  view: string;
  model: Record<string, unknown>;
}

export interface DossierPageView {
  /** Why the page is shown again (its failure's reason), or null when shown as asked: page.http.ts turns it into the HTTP status. */
  reason: RefusalReason | null;
  locals: Record<string, unknown> & { panels: Record<PanelSlot, RenderedPanel[]>; summary: ErrorSummary; typed: string[] };
}

/** "15:00" for a minute of the day. */
function clockLabel(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** The summary of a failure no panel shows again: its message, and its field messages unlinked. */
function unclaimedSummary(f: PageFailure): ErrorSummary {
  const errors = f.errors ?? {};
  return {
    errors,
    ...(Object.keys(errors).length > 0 ? { summaryIds: Object.fromEntries(Object.keys(errors).map((k) => [k, null])) } : {}),
    summaryMessage: f.refusal?.message ?? null,
  };
}

export function dossierPagePresenter(deps: { dossiers: Pick<DossiersService, 'details'>; sameDayCutoffMinute: number }, registry: PanelRegistry) {
  /** The success banner: a panel's own first, then the dossier actions' (event-labels.ts). */
  function banner(key: string | undefined): string | null {
    if (!key) return null;
    for (const p of registry.all()) if (p.banners && Object.hasOwn(p.banners, key)) return p.banners[key]!;
    return doneMessage(key);
  }

  return {
    /** The page of dossier `id` for `staff`, with a success banner or a failed form shown again. */
    async build(staff: StaffUser, id: number, state: DossierPageState = {}): Promise<Access<DossierPageView>> {
      const details = await deps.dossiers.details(staff, id);
      if (!details.ok) return details;
      const failure = state.failure ?? null;
      const ctx: PanelContext = { ...details.value, staff, failure, once: pageReads() };
      const slots = await Promise.all(
        PANEL_SLOTS.map(async (slot) => {
          const built = await Promise.all(registry.inSlot(slot).map(async (p) => ({ p, view: await p.build(ctx) })));
          return built.filter((b) => b.view !== null).map((b) => ({ key: b.p.key, view: b.p.view, model: b.view!.model, summary: b.view!.summary }));
        }),
      );
      const claimed = slots.flat().find((x) => x.summary)?.summary ?? null;
      const { dossier, events, time, pauses, handovers } = details.value;
      return {
        ok: true,
        value: {
          reason: failure?.reason ?? null,
          locals: {
            title: `Hồ sơ ${dossier.code}`,
            dossier,
            time,
            events,
            pauses,
            handovers,
            eventLabel,
            cutoffLabel: clockLabel(deps.sameDayCutoffMinute),
            doneMessage: banner(state.done),
            // One error summary at the top of the page, whichever of its forms failed.
            summary: claimed ?? (failure ? unclaimedSummary(failure) : { errors: {} }),
            typed: failure && !claimed ? (failure.typed ?? []).filter((t) => Boolean(t)) : [],
            panels: Object.fromEntries(PANEL_SLOTS.map((slot, i) => [slot, slots[i]!.map(({ key, view, model }) => ({ key, view, model }))])) as Record<PanelSlot, RenderedPanel[]>,
          },
        },
      };
    },
  };
}

export type DossierPagePresenter = ReturnType<typeof dossierPagePresenter>;
