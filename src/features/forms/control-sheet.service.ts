/**
 * The process control sheet (Mẫu 05 in the 2018 numbering) of a dossier, from its
 * hand-overs. Where the procedure defines an internal process, each hand-over is judged
 * against the limit of the step the dossier is leaving (process-steps.ts judgeMoves: the
 * step entered when its department received the dossier, its budget of working time
 * counted from then on the working calendar, pauses not counted); a hand-over out of no
 * step, or any hand-over of a procedure without steps, against the appointment as before.
 * The sheet's number is the dossier's sequence with the registry's suffix ("0042/PKS").
 */
import type { Deps } from '../../deps.js';
import { parseDossierCode } from '../../domain/dossier-code.js';
import { formInfo } from '../../domain/forms.js';
import type { StaffUser } from '../../domain/roles.js';
import { classifyCompletion, type Completion } from '../../domain/workflow.js';
import { renderControlSheet, type ControlSheetData, type ControlSheetStep } from '../../pdf/control-sheet.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { describeStepBudget, judgeMoves, type JudgedMove, type Move } from '../catalogue/process-steps.js';
import type { Access, DossiersService } from '../dossiers/dossiers.service.js';
import { listHandovers } from '../dossiers/handovers.repo.js';
import { listPauses, pauseIntervals } from '../dossiers/pauses.repo.js';
import { controlSheetRepo } from './control-sheet.repo.js';
import { header, type FormResult } from './forms.service.js';

export interface ControlSheetWiring {
  dossiers: DossiersService;
  calendar: Pick<CalendarService, 'current'>;
}

export function controlSheetService(deps: Pick<Deps, 'db' | 'clock' | 'config'>, wired: ControlSheetWiring) {
  const { db } = deps;
  const repo = controlSheetRepo(db);
  const { dossiers, calendar } = wired;
  const service = {
    /** What the sheet prints, judged (the PDF is drawn from exactly this). */
    async sheet(staff: StaffUser, id: number): Promise<Access<{ data: ControlSheetData; filename: string }>> {
      const access = await dossiers.forStaff(staff, id);
      if (!access.ok) return access;
      const d = access.value;
      const now = deps.clock.now();
      const [handovers, steps, pauses, cal] = await Promise.all([
        listHandovers(db, id),
        // The process the dossier was received under (copied at intake), not the procedure's current one.
        repo.processSteps(id),
        listPauses(db, id),
        calendar.current(),
      ]);

      const counter = `Bộ phận Một cửa — ${d.agency.name}`;
      const holder = d.assignedAgency?.name ?? d.procedure.leadAgencyName;
      // Every move of the dossier, each with the result it gets without steps (the appointment).
      const rows: Array<{ move: Move; row: Omit<ControlSheetStep, 'result'>; fallback: Completion | null }> = handovers.map((h) => ({
        move: { at: h.at, toAgencyId: h.toAgencyId },
        row: { fromUnit: h.fromAgency, toUnit: h.toAgency, at: h.at, giver: h.fromUser, receiver: h.toUser, note: h.note },
        fallback: classifyCompletion(h.at, h.dueAt),
      }));
      if (d.finishedAt && (d.status === 'result_ready' || d.status === 'returned')) {
        rows.push({
          move: { at: d.finishedAt, toAgencyId: d.agency.id },
          row: { fromUnit: holder, toUnit: counter, at: d.finishedAt, giver: d.assignedTo?.name ?? null, receiver: null, note: 'Chuyển kết quả' },
          fallback: d.completion,
        });
      }
      if (d.returnedAt) {
        rows.push({
          move: { at: d.returnedAt, toAgencyId: null },
          row: { fromUnit: counter, toUnit: 'Tổ chức, cá nhân', at: d.returnedAt, giver: null, receiver: d.returnedTo, note: 'Trả kết quả' },
          fallback: classifyCompletion(d.returnedAt, d.dueAt),
        });
      }

      // A step without a department is done by the dossier's processing agency.
      const resolved = steps.map((s) => ({ ...s, agencyId: s.agencyId ?? d.processingAgencyId }));
      const judged: JudgedMove[] = judgeMoves(
        cal,
        resolved,
        { at: d.receivedAt, agencyId: d.agency.id },
        rows.map((r) => r.move),
        pauseIntervals(pauses, now),
      );
      const sheetRows: ControlSheetStep[] = rows.map((r, i) => {
        const j = judged[i]!;
        return j.step
          ? { ...r.row, result: j.result, limit: { position: j.step.position, deadline: j.step.deadline } }
          : { ...r.row, result: r.fallback };
      });

      // procedure.leadAgencyName is the dossier's processing agency.
      const process = steps.map((s) => `${s.position}. ${s.name} — ${s.agencyName ?? d.procedure.leadAgencyName}: ${describeStepBudget(s)}`);

      const sequence = parseDossierCode(d.code)?.sequence;
      const data: ControlSheetData = {
        code: d.code,
        sequenceLabel: sequence === undefined ? '…' : String(sequence).padStart(4, '0'),
        form: formInfo('control_sheet', deps.config.forms.numbering, deps.config.forms.suffixes),
        ...header(d),
        issuedAt: now,
        processingUnit: d.procedure.leadAgencyName,
        coordinatingUnits: [...new Set(handovers.map((h) => h.toAgency))].filter((n) => n !== d.procedure.leadAgencyName),
        receivedAt: d.receivedAt,
        dueAt: d.dueAt,
        process,
        steps: sheetRows,
      };
      return { ok: true, value: { data, filename: `phieu-kiem-soat-${d.code}.pdf` } };
    },

    async controlSheet(staff: StaffUser, id: number): Promise<FormResult> {
      const sheet = await service.sheet(staff, id);
      if (!sheet.ok) return sheet;
      return { ok: true, value: { filename: sheet.value.filename, pdf: await renderControlSheet(sheet.value.data) } };
    },
  };
  return service;
}

export type ControlSheetService = ReturnType<typeof controlSheetService>;
