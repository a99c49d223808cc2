/**
 * Marks a port implementation whose operations are scheduling points already (an in-memory model,
 * or an adapter whose every query goes through `sim.external`): a contract suite then calls it
 * directly instead of wrapping each call in `sim.external` — which would nest scheduling points.
 */
export const SCHEDULES_ITSELF: unique symbol = Symbol.for('interleave.schedulesItself');

export function schedulesItself(port: object): boolean {
  return (port as { [SCHEDULES_ITSELF]?: boolean })[SCHEDULES_ITSELF] === true;
}
