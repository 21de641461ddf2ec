/** The dossier page's document buttons of this feature: the forms a dossier's history calls for, and its control sheet. */
import type { DossierPanel } from '../dossiers/page/panel.js';

export const formsPanel: DossierPanel = {
  key: 'forms',
  slot: 'documents',
  order: 20,
  view: 'forms/panel',
  build: ({ dossier, pauses }) => ({
    model: {
      supplementForm: pauses.some((p) => p.kind === 'supplement'),
      refusalForm: dossier.status === 'refused',
      stopNotice: dossier.status === 'withdrawn',
    },
  }),
};
