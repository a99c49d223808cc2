import { schedulesItself } from '../../models/schedulesItself.js';
import type { Sim } from '../../sim/sim.js';
import { real } from '../../sim/realTimers.js';
import { describe } from '../../sim/runFailures.js';
import { showValue } from '../../sim/showValue.js';
import { AdapterContractError, type Violations } from './checkedTaskStore.js';

/** What a well-formed answer to one operation looks like, and which object the call touches. */
export interface OperationContract {
  /** What is wrong with the answer `v` to a call with `args`, or undefined when it is well-formed. */
  wrong(args: readonly unknown[], v: unknown): string | undefined;
  /** The shared object the call touches, for partial-order reduction. */
  obj(args: readonly unknown[]): string;
}

export function showArgs(args: readonly unknown[]): string {
  return args.map((a) => showValue(a, 200)).join(', ');
}

/** An adapter's answer in a verdict, exactly (`NaN`, `7n`, a function) and never throwing (`showValue`). */
export function describeValue(v: unknown): string {
  return showValue(v);
}

/**
 * Calls one adapter operation and turns a throw, a hang (real time, only where the call is not
 * made of scheduling points) or a malformed answer into an {@link AdapterContractError} naming it.
 */
export async function checkedOperation<T>(adapter: string, op: string, args: readonly unknown[], contract: OperationContract, fn: () => Promise<T>, timeoutMs: number | undefined): Promise<T> {
  const call = `adapter "${adapter}": ${op}(${showArgs(args)})`;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let v: T;
  try {
    if (timeoutMs === undefined) {
      v = await fn();
    } else {
      const hang = new Promise<never>((_, reject) => {
        timer = real.setTimeout(() => reject(new AdapterContractError(adapter, op, `${call} did not settle within ${timeoutMs} ms — the adapter hangs (a lock never released, a query never answered?)`, true)), timeoutMs);
      });
      v = await Promise.race([Promise.resolve().then(fn), hang]);
    }
  } catch (e) {
    if (e instanceof AdapterContractError) throw e;
    throw new AdapterContractError(adapter, op, `${call} threw ${e instanceof Error ? describe(e) : describeValue(e)}`);
  } finally {
    real.clearTimeout(timer);
  }
  let wrong: string | undefined;
  try {
    wrong = contract.wrong(args, v);
  } catch (e) {
    wrong = `reading it threw ${describe(e)}`;
  }
  if (wrong !== undefined) throw new AdapterContractError(adapter, op, `${call} returned ${describeValue(v)} — ${wrong}`);
  return v;
}

/**
 * The adapter under test as the simulation sees it. By default every call is one scheduling point
 * through `sim.external` (the call runs to completion while no other actor runs: the adapter is
 * trusted to be atomic per call). A port marked `SCHEDULES_ITSELF` — the in-memory model, or an
 * adapter over `simulatedConnection` whose every statement is a point — is called directly, so its
 * own points interleave. Either way each answer is checked and the first violation kept for the
 * contract's invariant (the workload may swallow the error; the invariant does not).
 */
export function checkedPort<P extends object>(sim: Sim, raw: P, adapter: string, contracts: Record<string, OperationContract>, timeoutMs: number, violations: Violations): P {
  const direct = schedulesItself(raw);
  const out: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const [op, contract] of Object.entries(contracts)) {
    const method = (raw as Record<string, unknown>)[op];
    const fn = (args: unknown[]) => () => {
      if (typeof method !== 'function') throw new TypeError(`the adapter has no method ${op}()`);
      return Promise.resolve((method as (...a: unknown[]) => unknown).apply(raw, args));
    };
    const keep = (e: unknown) => {
      if (e instanceof AdapterContractError) violations.first ??= e;
      return e;
    };
    out[op] = direct
      ? async (...args) => {
          try {
            return await checkedOperation(adapter, op, args, contract, fn(args), undefined);
          } catch (e) {
            throw keep(e);
          }
        }
      : (...args) =>
          sim.external(
            `${adapter}.${op}`,
            async () => {
              try {
                return await checkedOperation(adapter, op, args, contract, fn(args), timeoutMs);
              } catch (e) {
                throw keep(e);
              }
            },
            { obj: contract.obj(args), args },
          );
  }
  return out as P;
}
