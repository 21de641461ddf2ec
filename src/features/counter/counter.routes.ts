/**
 * The counter before receipt (clerks): "Hướng dẫn bổ sung" and "Từ chối tiếp nhận" from the
 * intake form or its check page. The intake form's values prefill the form; sending it records
 * the guidance or refusal and redirects to its confirmation page (form number, print and reprint
 * link opening the PDF in a new tab). No dossier is created.
 */
import { Router, type Request, type Response } from 'express';
import { formInfo } from '../../domain/forms.js';
import type { Services } from '../../services.js';
import { notFound } from '../../web/errors.js';
import { refusalError } from '../../web/refusal.js';
import { REFUSAL_MESSAGES } from '../../platform/refusal/refusal.js';
import { parseId, str, type FieldErrors, type FormValues } from '../../web/form.js';
import { paths } from '../../web/paths.js';
import { requireRole } from '../../web/session.js';
import type { Procedure } from '../catalogue/catalogue.types.js';
import { parseProcedureCode } from '../intake/intake.schema.js';
import { COUNTER_RECORD_NOT_FOUND, counterNumber, type CounterPdf } from './counter.service.js';
import { isIssue, parseGuidance, parseRefusal, prefillFrom } from './counter.schema.js';

type Kind = 'guidance' | 'refusal';

function sendPdf(res: Response, result: CounterPdf): void {
  if (!result.ok) throw refusalError(result);
  res.type('application/pdf').set('Content-Disposition', `inline; filename="${result.value.filename}"`).set('Cache-Control', 'no-store').send(result.value.pdf);
}

export function counterRoutes(svc: Services): Router {
  const router = Router();
  const clerkOnly = requireRole('clerk');

  async function loadProcedure(req: Request): Promise<Procedure> {
    const code = parseProcedureCode(req.params);
    const procedure = code ? await svc.intake.procedure(req.staff!, code) : undefined;
    if (!procedure) throw notFound(REFUSAL_MESSAGES.procedureNotInCatalogue);
    return procedure;
  }

  function render(res: Response, kind: Kind, procedure: Procedure, values: FormValues, errors: FieldErrors, status = 200): void {
    const form = formInfo(kind === 'guidance' ? 'supplement' : 'refusal', svc.config.forms.numbering, svc.config.forms.suffixes);
    res.status(status).render('intake/counter', {
      title: kind === 'guidance' ? 'Hướng dẫn bổ sung, hoàn thiện hồ sơ' : 'Từ chối tiếp nhận hồ sơ',
      kind,
      procedure,
      values,
      errors,
      formLabel: form.label || form.title.toLowerCase(),
    });
  }

  /** The required documents the intake form did not tick as received. */
  function missing(procedure: Procedure, body: Record<string, unknown>): string[] {
    return procedure.documents.filter((d) => d.required && str(body, `doc_${d.position}_received`) === '').map((d) => d.name);
  }

  const kinds = [
    { kind: 'guidance' as const, path: paths.intake.guidance, pdf: paths.intake.guidancePdf, done: paths.intake.guidanceDone },
    { kind: 'refusal' as const, path: paths.intake.refuse, pdf: paths.intake.refusalPdf, done: paths.intake.refusalDone },
  ];
  for (const { kind, path, pdf, done } of kinds) {
    router.get(path.pattern, clerkOnly, async (req, res) => {
      render(res, kind, await loadProcedure(req), prefillFrom({}, []), {});
    });

    router.post(path.pattern, clerkOnly, async (req, res) => {
      const procedure = await loadProcedure(req);
      const body = req.body as Record<string, unknown>;
      if (!isIssue(body)) {
        render(res, kind, procedure, prefillFrom(body, kind === 'guidance' ? missing(procedure, body) : []), {});
        return;
      }
      let result;
      if (kind === 'guidance') {
        const parsed = parseGuidance(body);
        if (!parsed.ok) return render(res, kind, procedure, parsed.values, parsed.errors, 400);
        result = await svc.counter.guide(req.staff!, procedure.code, parsed.value);
      } else {
        const parsed = parseRefusal(body);
        if (!parsed.ok) return render(res, kind, procedure, parsed.values, parsed.errors, 400);
        result = await svc.counter.refuse(req.staff!, procedure.code, parsed.value);
      }
      if (!result.ok) throw refusalError(result);
      res.redirect(303, done(result.id));
    });

    // The confirmation page: the form number, what was recorded, the print (and reprint) link.
    router.get(done.pattern, clerkOnly, async (req, res) => {
      const id = parseId(req.params.id);
      if (id === null) throw notFound(COUNTER_RECORD_NOT_FOUND);
      const found = await svc.counter.record(req.staff!, kind, id);
      if (!found.ok) throw refusalError(found);
      const record = found.value;
      const form = svc.counter.formOf(kind);
      res.render('intake/counter-done', {
        title: kind === 'guidance' ? 'Đã lập phiếu hướng dẫn bổ sung, hoàn thiện hồ sơ' : 'Đã lập phiếu từ chối tiếp nhận hồ sơ',
        kind,
        record,
        number: `${counterNumber(record.id)}/${form.suffix}`,
        formLabel: form.label,
        formTitle: form.title,
        pdfHref: pdf(record.id),
      });
    });

    router.get(pdf.pattern, clerkOnly, async (req, res) => {
      const id = parseId(req.params.id);
      if (id === null) throw notFound(COUNTER_RECORD_NOT_FOUND);
      sendPdf(res, kind === 'guidance' ? await svc.counter.guidancePdf(req.staff!, id) : await svc.counter.refusalPdf(req.staff!, id));
    });
  }
  return router;
}
