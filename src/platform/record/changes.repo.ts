/**
 * What other parts of the system must learn, in the same transaction, when a dossier's
 * record changes. Every change to a dossier appends an event to its chain
 * (features/dossiers/events.repo.ts appendEvent), and appendEvent hands each appended event
 * to the observers registered here, inside the caller's transaction: an observer that writes
 * a row (the national portal's sync row, the integration feed's entry) commits or rolls back
 * with the change itself, so no change exists without its row and a crash loses none.
 *
 * Observers are registered once by the composition root (src/record-observers.ts), by name
 * (registering a name again replaces it). An observer must be quick (it runs in the writer's
 * transaction) and must not append events itself.
 */
import type { Knex } from 'knex';
import type { DossierStatus } from '../../domain/status.js';

/** One appended event of a dossier's chain, as observers see it. */
export interface DossierChange {
  dossierId: number;
  seq: number;
  type: string;
  fromStatus: DossierStatus | null;
  toStatus: DossierStatus | null;
  actorId: number | null;
  public: boolean;
  createdAt: Date;
}

export type DossierChangeObserver = (trx: Knex | Knex.Transaction, change: DossierChange) => Promise<void>;

const observers = new Map<string, DossierChangeObserver>();

/** Register (or replace) the observer called `name`. */
export function observeDossierChanges(name: string, observer: DossierChangeObserver): void {
  observers.set(name, observer);
}

/** Hand an appended event to every observer, in registration order, inside `trx`. */
export async function dossierChanged(trx: Knex | Knex.Transaction, change: DossierChange): Promise<void> {
  for (const observer of observers.values()) await observer(trx, change);
}
