import type { SimEvent } from '../sim/trace.js';
import { PropertyViolation } from './violation.js';

export interface ApprovalFollowsOutcomeOptions {
  /** Kinds of the events involved; defaults in brackets. All carry `data.id` (the job's id). */
  kinds?: {
    /** A job was submitted [`run.submitted`]. */
    submitted?: string;
    /** The job's work ended, `data.ok` true on success [`run.outcome`]. */
    outcome?: string;
    /** A cancel took effect on the job [`run.cancelled`]. */
    cancelled?: string;
    /** The approver read the job's state and decided [`check.decide`]. */
    decided?: string;
    /** The job's check was approved [`check.approved`]. */
    approved?: string;
    /** State persisted; `data.approved` lists the approved check ids it saved [`state.exported`]. */
    exported?: string;
  };
  /** The check id of an `approved` event (default `data.checkId`). */
  checkOf?: (e: SimEvent) => string | undefined;
}

/**
 * Auto-approval follows the outcome: a job whose work succeeded and that was not cancelled before
 * the approver decided ends approved, and the approval is persisted by a later export; a job that
 * failed, or was cancelled in time, is never approved. Checked at the end of a run; throws
 * {@link PropertyViolation} naming the job and its events.
 */
export function approvalFollowsOutcome(events: readonly SimEvent[], options: ApprovalFollowsOutcomeOptions = {}): void {
  const k = {
    submitted: 'run.submitted',
    outcome: 'run.outcome',
    cancelled: 'run.cancelled',
    decided: 'check.decide',
    approved: 'check.approved',
    exported: 'state.exported',
    ...options.kinds,
  };
  const checkOf = options.checkOf ?? ((e: SimEvent) => (e.data as { checkId?: string } | undefined)?.checkId);
  const idOf = (e: SimEvent) => (e.data as { id?: string } | undefined)?.id;
  for (const sub of events.filter((e) => e.kind === k.submitted)) {
    const id = idOf(sub);
    const mine = events.filter((e) => idOf(e) === id);
    const idx = (kind: string) => events.findIndex((e) => e.kind === kind && idOf(e) === id);
    const ok = mine.some((e) => e.kind === k.outcome && (e.data as { ok?: boolean }).ok === true);
    const decidedAt = idx(k.decided);
    const cancelledAt = idx(k.cancelled);
    const cancelledInTime = cancelledAt >= 0 && (decidedAt < 0 || cancelledAt < decidedAt);
    const approvedAt = idx(k.approved);
    const expected = ok && !cancelledInTime;
    if (expected && approvedAt < 0) {
      throw new PropertyViolation('approvalFollowsOutcome', `job ${id} succeeded and was not cancelled before the decision, but its check was never approved; its events:`, mine);
    }
    if (!expected && approvedAt >= 0) {
      throw new PropertyViolation('approvalFollowsOutcome', `job ${id} was approved although it ${ok ? 'was cancelled before the decision' : 'did not succeed'}; its events:`, mine);
    }
    if (approvedAt >= 0) {
      const check = checkOf(events[approvedAt]!);
      const saved = events.slice(approvedAt + 1).some((e) => e.kind === k.exported && ((e.data as { approved?: string[] }).approved ?? []).includes(check ?? ''));
      if (!saved) throw new PropertyViolation('approvalFollowsOutcome', `job ${id}'s check ${check} was approved but no later export saved it; its events:`, mine);
    }
  }
}
