/**
 * Linux signal numbers (x86-64 / arm64 numbering) and their default actions (signal(7)): the
 * terminating ones end the process with no user code running; SIGCHLD is ignored by default. SIGKILL
 * can be neither caught nor ignored. Real-time signals, stop/continue and core dumps are left out.
 */

export const SIGHUP = 1;
export const SIGINT = 2;
export const SIGKILL = 9;
export const SIGUSR1 = 10;
export const SIGUSR2 = 12;
export const SIGALRM = 14;
export const SIGTERM = 15;
export const SIGCHLD = 17;

const NAMES: Record<number, string> = {
  [SIGHUP]: 'SIGHUP',
  [SIGINT]: 'SIGINT',
  [SIGKILL]: 'SIGKILL',
  [SIGUSR1]: 'SIGUSR1',
  [SIGUSR2]: 'SIGUSR2',
  [SIGALRM]: 'SIGALRM',
  [SIGTERM]: 'SIGTERM',
  [SIGCHLD]: 'SIGCHLD',
};

/** A Python-level handler: runs in the target's main thread, may make calls and may throw. */
export type SignalHandler = (signal: number) => Promise<void> | void;

/** `signal.SIG_DFL`, `signal.SIG_IGN`, or a handler. */
export type Disposition = 'default' | 'ignore' | SignalHandler;

export function signalName(sig: number): string {
  return NAMES[sig] ?? `signal ${sig}`;
}

export function isKnownSignal(sig: number): boolean {
  return sig in NAMES;
}

/** Whether the default action of `sig` terminates the process (signal(7): Term or Core). */
export function terminatesByDefault(sig: number): boolean {
  return sig !== SIGCHLD;
}
