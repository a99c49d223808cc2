/**
 * Where the promise a deadlocked actor waits on came from. Capturing a stack for every promise is
 * far too slow for every run, so only a deadlocked run is run again (same choices, same trace) with
 * this turned on: each promise the run's code creates remembers the frame of the user's code that
 * created it, and each actor remembers the last promise it began to wait on and where.
 */
import { fileURLToPath } from 'node:url';
import type { Actor } from './actor.js';

/** The kit's own code (engine and models), in a checkout or an installed package. */
const KIT = fileURLToPath(new URL('..', import.meta.url));
const OWN = [`${KIT}sim/`, `${KIT}models/`];

interface Wait {
  on: Promise<unknown>;
  at: string | undefined;
}

interface StackFrame {
  fn: string;
  at: string;
}

function frames(stack: string | undefined): StackFrame[] {
  if (!stack) return [];
  const out: StackFrame[] = [];
  for (const line of stack.split('\n').slice(1)) {
    const t = line.trim().replace(/^at /, '');
    const m = /^(.*) \((.*)\)$/.exec(t);
    out.push(m ? { fn: m[1]!, at: shortLocation(m[2]!) } : { fn: '', at: shortLocation(t) });
  }
  return out;
}

/**
 * A module evaluated from source text (a loader's `data:` URL, an `eval`) names its whole source as
 * its location: kilobytes of base64 no report should print. Keeps the line and column only.
 */
function shortLocation(at: string): string {
  if (!at.startsWith('data:') && at.length <= 500) return at;
  const pos = /(:\d+:\d+)$/.exec(at)?.[1] ?? '';
  return `${at.startsWith('data:') ? 'an inline module' : `${at.slice(0, 120)}…`}${pos}`;
}

const within = (f: StackFrame, dir: string) => f.at.startsWith(dir) || f.at.startsWith(`file://${dir}`);
const isInternal = (f: StackFrame) => f.at.startsWith('node:') || f.at.startsWith('internal/') || f.at === 'native' || f.at === '<anonymous>';
/** The kit's engine and models; their tests and fixtures are the kit's users. */
const isKit = (f: StackFrame) => OWN.some((dir) => within(f, dir)) && !/\.(test|fixture)\.[cm]?[jt]s:/.test(f.at);
/** The frames of the hook itself, on top of every stack it takes. */
const isHook = (f: StackFrame) => within(f, `${KIT}sim/promiseSites.`) || within(f, `${KIT}sim/tracking.`) || f.fn.endsWith('Run.promise');

/**
 * The user's frame on top of a stack taken inside the promise hook: the frames above the first of
 * the kit's own (the code that was running when the promise was made), the first of them outside
 * node_modules, with the library frame above it when a library made the promise. Undefined when the
 * kit itself made it.
 */
export function userSite(stack: string | undefined): string | undefined {
  const top: string[] = [];
  const all = frames(stack);
  let i = 0;
  while (i < all.length && isHook(all[i]!)) i++;
  for (; i < all.length; i++) {
    const f = all[i]!;
    if (isInternal(f)) continue;
    if (isKit(f)) break;
    top.push(f.at);
  }
  const user = top.find((f) => !f.includes('/node_modules/'));
  const lib = top[0] !== undefined && top[0] !== user && top[0].includes('/node_modules/') ? top[0] : undefined;
  if (user === undefined) return lib;
  return lib === undefined ? user : `${user} (inside ${lib})`;
}

export class PromiseSites {
  private readonly made = new WeakMap<Promise<unknown>, string>();
  private readonly waits = new Map<Actor, Wait>();

  /** A promise was created (`parent` undefined) or derived from `parent` by an await or a then. */
  record(promise: Promise<unknown>, parent: Promise<unknown> | undefined, actor: Actor | null): void {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 40;
    const stack = new Error().stack;
    Error.stackTraceLimit = limit;
    const site = userSite(stack);
    if (parent === undefined) {
      if (site !== undefined) this.made.set(promise, site);
    } else if (actor !== null && (site !== undefined || !this.waits.get(actor)?.at)) {
      // The last await of the user's code wins: awaits inside the kit or Node's internals say only
      // which promise, not where the user waits.
      this.waits.set(actor, { on: parent, at: site });
    }
  }

  /** ` (it waits at …; the promise was created at …)`, or '' when nothing is known. */
  describe(actor: Actor): string {
    const w = this.waits.get(actor);
    if (w === undefined) return '';
    const made = this.made.get(w.on);
    if (made !== undefined && made === w.at) return ` (it waits at ${made}, on a promise made there)`;
    const parts = [w.at && `it waits at ${w.at}`, made && `the promise was created at ${made}`].filter(Boolean);
    return parts.length ? ` (${parts.join('; ')})` : '';
  }
}
