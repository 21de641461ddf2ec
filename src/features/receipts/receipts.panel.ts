/** The dossier page's receipt buttons: print (counted, under CSRF) and view the copy as last printed. */
import type { DossierPanel } from '../dossiers/page/panel.js';

export const receiptsPanel: DossierPanel = {
  key: 'receipts',
  slot: 'documents',
  order: 10,
  view: 'receipts/panel',
  build: () => ({ model: {} }),
};
