/**
 * The ports the turn orchestrator talks through — the shapes of the harness's `iii` SDK calls
 * (`state::get/set/update`, `Enqueue`, the function runner, the frame stream) — so the ported core
 * runs unchanged against the simulated KvStore and DurableQueue (`world.ts` wires them).
 */
import type { KvOp } from '../../models/stores/KvStore.js';

/** `state::*`: scoped keys; `update` is the only atomic read-modify-write the state worker offers. */
export interface StatePort {
  get(scope: string, key: string): Promise<unknown>;
  set(scope: string, key: string, value: unknown): Promise<void>;
  update(scope: string, key: string, ops: KvOp[]): Promise<{ old_value: unknown; new_value: unknown }>;
  /** Only the `fenced` variant uses these: a versioned read and a compare-and-set on the version. */
  getVersioned(scope: string, key: string): Promise<{ value: unknown; version: number }>;
  compareAndSet(scope: string, key: string, version: number, value: unknown): Promise<{ ok: boolean; version: number }>;
}

export interface TurnStep {
  function_id: 'turn::function_awaiting_approval';
  session_id: string;
}

export interface Ports {
  state: StatePort;
  /** `TriggerAction.Enqueue({ queue: 'turn-step' })` — a queue name only, no per-session ordering. */
  enqueue(step: TurnStep): Promise<void>;
  /** Runs an approved function call (the side effect: `shell::run`, …). */
  runFunction(session_id: string, call_id: string): Promise<void>;
  /** Publishes a frame on the session stream (`function_execution_end`, `turn_end`). */
  emit(session_id: string, frame: Frame): Promise<void>;
  /**
   * `fenced` only: the same effects, taken inside the step of the fenced record write that commits
   * them — a function call that goes through the fenced store, the only kind of effect a fencing
   * token can protect (Kleppmann: the resource checks the token). No scheduling point of their own.
   */
  fencedEffects: { run(session_id: string, call_id: string): void; emit(session_id: string, frame: Frame): void };
  /** Test seam: where the workload may stall or kill the running wake (a no-op in production). */
  pause(at: FaultPoint): Promise<void>;
  now(): number;
  /** Who is running (the wake's name), for lease ownership and the hold events. */
  self(): string;
}

export type FaultPoint = 'after-acquire' | 'after-load' | 'before-save' | 'before-release';

export type Frame = { type: 'function_execution_end'; call_id: string } | { type: 'turn_end'; turn: number };

export interface PendingCall {
  id: string;
  status: 'awaiting_approval' | 'executed' | 'denied';
}

/** `turn_state/<session>`: the parked turn a wake loads, transforms and saves. */
export interface TurnRecord {
  session_id: string;
  turn: number;
  state: 'function_awaiting_approval' | 'turn_end' | 'failed';
  calls: PendingCall[];
  /** `fenced` only: the highest fencing token that saved this record. */
  fence?: number;
}

export const TURN_SCOPE = 'turn_state';
export const APPROVAL_SCOPE = 'approvals';
