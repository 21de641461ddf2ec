/** The process control sheet (Mẫu 05) of a dossier, from its hand-overs. */
import type { Deps } from '../../deps.js';
import type { StaffUser } from '../../domain/roles.js';
import { classifyCompletion } from '../../domain/workflow.js';
import { renderControlSheet, type ControlSheetStep } from '../../pdf/control-sheet.js';
import type { DossiersService } from '../dossiers/dossiers.service.js';
import { listHandovers } from '../dossiers/handovers.repo.js';
import { header, type FormResult } from './forms.service.js';

export function controlSheetService(deps: Pick<Deps, 'db' | 'clock' | 'config'>, dossiers: DossiersService) {
  const { db } = deps;
  return {
    async controlSheet(staff: StaffUser, id: number): Promise<FormResult> {
      const access = await dossiers.forStaff(staff, id);
      if (!access.ok) return access;
      const d = access.value;
      const handovers = await listHandovers(db, id);
      const steps: ControlSheetStep[] = handovers.map((h) => ({
        fromUnit: h.fromAgency,
        toUnit: h.toAgency,
        at: h.at,
        giver: h.fromUser,
        receiver: h.toUser,
        result: classifyCompletion(h.at, h.dueAt),
        note: h.note,
      }));
      const holder = d.assignedAgency?.name ?? d.procedure.leadAgencyName;
      if (d.finishedAt && (d.status === 'result_ready' || d.status === 'returned')) {
        steps.push({ fromUnit: holder, toUnit: `Bộ phận Một cửa — ${d.agency.name}`, at: d.finishedAt, giver: d.assignedTo?.name ?? null, receiver: null, result: d.completion, note: 'Chuyển kết quả' });
      }
      if (d.returnedAt) {
        steps.push({ fromUnit: `Bộ phận Một cửa — ${d.agency.name}`, toUnit: 'Tổ chức, cá nhân', at: d.returnedAt, giver: null, receiver: d.returnedTo, result: classifyCompletion(d.returnedAt, d.dueAt), note: 'Trả kết quả' });
      }
      const pdf = await renderControlSheet({
        code: d.code,
        ...header(d),
        issuedAt: deps.clock.now(),
        processingUnit: d.procedure.leadAgencyName,
        coordinatingUnits: [...new Set(handovers.map((h) => h.toAgency))].filter((n) => n !== d.procedure.leadAgencyName),
        receivedAt: d.receivedAt,
        dueAt: d.dueAt,
        steps,
      });
      return { ok: true, value: { filename: `phieu-kiem-soat-${d.code}.pdf`, pdf } };
    },
  };
}

export type ControlSheetService = ReturnType<typeof controlSheetService>;
