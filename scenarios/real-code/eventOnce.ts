/**
 * `events.once` from Node's standard library, unmodified: a server waits for the config loader's
 * `ready` event unless the config is already there, and reports itself as waiting first. Subscribing
 * before reading the config is correct. Subscribing only after reporting (an await later) loses the
 * wake-up when the loader sets the config and emits in between: the server then waits forever on a
 * promise nothing will settle — a deadlock whose report says where that promise was made. (Without
 * the await in between, the late subscription would still be in time: the continuation after the
 * read subscribes before any other step can run, as on a real event loop.)
 */
import { EventEmitter, once } from 'node:events';
import { Cell } from '../../models/memory/Cell.js';
import { defineScenario } from '../../sim/scenario.js';

function startup(name: string, subscribeFirst: boolean) {
  return defineScenario({
    name,
    setup(sim) {
      const ready = new EventEmitter();
      const config = new Cell<string | undefined>(sim, 'config', undefined);
      const status = new Cell(sim, 'status', 'starting');
      sim.spawn('loader', async () => {
        await config.set('v1');
        ready.emit('ready');
      });
      sim.spawn('server', async () => {
        const readyEvent = subscribeFirst ? once(ready, 'ready') : undefined;
        if ((await config.get()) === undefined) {
          await status.set('waiting for config');
          await (readyEvent ?? once(ready, 'ready'));
        }
        if ((await config.get()) === undefined) throw new Error('the server started without its config');
      });
    },
  });
}

export const subscribeFirst = startup('event-once-subscribe-first', true);
export const subscribeLate = startup('event-once-subscribe-late', false);
