import { APPROVAL_SCOPE, type Ports } from './ports.js';

/** `approval::resolve`: records the decision; the `on_approval` state trigger does the rest. */
export async function resolveApproval(ports: Ports, session_id: string, call_id: string, decision: 'approve' | 'deny'): Promise<void> {
  await ports.state.set(APPROVAL_SCOPE, `${session_id}/${call_id}`, decision);
}

/**
 * `turn::on_approval`, fired by every write under `approvals/`: wakes the parked turn. Two
 * approvals → two triggers → two `turn-step` messages → two concurrent wakes.
 */
export async function onApproval(ports: Ports, key: string): Promise<void> {
  const session_id = key.split('/')[0]!;
  await ports.enqueue({ function_id: 'turn::function_awaiting_approval', session_id });
}
