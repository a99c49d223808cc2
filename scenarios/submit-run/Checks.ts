import { Cell } from '../../models/memory/Cell.js';
import type { Sim } from '../../sim/sim.js';

/** A preset check: what to run, and whether a reviewer (or auto-approve) has approved it. */
export interface Check {
  id: string;
  type: string;
  params: unknown;
  isChecked: Cell<boolean>;
}

/**
 * recce's check DAO plus `export_persistent_state`: `updateCheck` stores `is_checked` (one scheduling
 * point); `exportPersistentState` writes the state file — blocking I/O, so callers run it in the
 * executor — and logs which checks it saved as approved (`state.exported`).
 */
export class Checks {
  private readonly checks = new Map<string, Check>();

  constructor(private readonly sim: Sim) {}

  add(type: string, params: unknown): Check {
    const id = this.sim.id('check');
    const check: Check = { id, type, params, isChecked: new Cell(this.sim, `${id}.is_checked`, false) };
    this.checks.set(id, check);
    return check;
  }

  get(id: string): Check {
    const c = this.checks.get(id);
    if (c === undefined) throw new Error(`check ${id} not found`);
    return c;
  }

  all(): Check[] {
    return [...this.checks.values()];
  }

  async updateCheck(id: string, patch: { isChecked: boolean }): Promise<void> {
    await this.get(id).isChecked.set(patch.isChecked);
  }

  /** Runs on a worker thread; reads every check's flag as it is at that moment. */
  exportPersistentState(): void {
    this.sim.touch('state-file');
    this.sim.log('state.exported', { approved: this.all().filter((c) => c.isChecked.value).map((c) => c.id) });
  }
}
