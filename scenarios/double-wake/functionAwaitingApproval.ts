import { APPROVAL_SCOPE, type PendingCall, type StatePort, type TurnRecord } from './ports.js';

/** How a transition's handler executes a call and ends the turn — plain, or through the fence. */
export interface TransitionContext {
  state: StatePort;
  execute(rec: TurnRecord, call: PendingCall): Promise<void>;
  finish(rec: TurnRecord): Promise<void>;
}

/**
 * `turn::function_awaiting_approval` (`function-awaiting-approval/run.ts`): execute every call whose
 * approval has arrived; when none is left pending, finalize the batch and end the turn. Runs on the
 * snapshot `runTransition` loaded — which is why two wakes on the same snapshot both do it all.
 */
export async function functionAwaitingApproval(rec: TurnRecord, ctx: TransitionContext): Promise<TurnRecord> {
  for (const call of rec.calls) {
    if (call.status !== 'awaiting_approval') continue;
    const decision = await ctx.state.get(APPROVAL_SCOPE, `${rec.session_id}/${call.id}`);
    if (decision === undefined) continue;
    call.status = decision === 'approve' ? 'executed' : 'denied';
    if (decision === 'approve') await ctx.execute(rec, call);
  }
  if (rec.calls.every((c) => c.status !== 'awaiting_approval')) {
    rec.state = 'turn_end';
    await ctx.finish(rec);
  }
  return rec;
}
