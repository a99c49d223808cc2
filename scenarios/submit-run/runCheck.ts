import { runInExecutor } from '../../models/executors/runInExecutor.js';
import type { Sim } from '../../sim/sim.js';
import type { Checks } from './Checks.js';
import type { RunRegistry } from './RunRegistry.js';

/**
 * Port of recce's MCP tool `_tool_run_check` (task branch), on the event loop: submit the check's
 * run, `run.result = await future`, then auto-approve iff `run.status == FINISHED and not run.error`
 * — `update_check_by_id(is_checked=True)` and `export_persistent_state` in the executor. A failed or
 * cancelled run surfaces as the tool's error (the MCP caller sees it) and approves nothing.
 */
export async function runCheck(sim: Sim, registry: RunRegistry, checks: Checks, checkId: string): Promise<{ approved: boolean } | { error: string }> {
  const check = checks.get(checkId);
  const { run, future } = registry.submitRun(check.type, check.params, checkId);
  let value: unknown;
  try {
    value = await future;
  } catch (e) {
    sim.log('tool.error', { id: run.id, error: e instanceof Error ? e.name : String(e) });
    return { error: String(e) };
  }
  sim.log('future.returned', run.snapshot());
  await run.result.set(value);
  const status = await run.status.get();
  const error = await run.error.get();
  // What the tool observed: it has just stored the result, and read status and error.
  sim.log('run.read', { id: run.id, status, hasResult: value !== undefined });
  const approve = status === 'FINISHED' && !error;
  sim.log('check.decide', { id: run.id, checkId, approve });
  if (!approve) return { approved: false };
  await checks.updateCheck(checkId, { isChecked: true });
  sim.log('check.approved', { id: run.id, checkId });
  await runInExecutor(sim, null, () => checks.exportPersistentState(), 'export_persistent_state');
  return { approved: true };
}
