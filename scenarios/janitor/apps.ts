import type { Process } from '../../models/posix/Process.js';
import type { Sim } from '../../sim/sim.js';

/** How long the swarm takes for each step of an app's life (virtual ms). */
export const DEPLOY_MS = 5_000;
export const UNDEPLOY_MS = 5_000;
export const REMOVE_MS = 5_000;

interface App {
  instance: number;
  /** The pid of the run that deployed it (0: a run that died before this scenario began). */
  owner: number;
  stage: 'up' | 'undeployed';
}

/**
 * The Docker swarm the CI runner deploys test apps into, seen through `abra app deploy / undeploy /
 * rm`: each call is a subprocess the caller waits for (a blocking, signal-interruptible wait of
 * `*_MS` virtual ms, then the effect). Teardown is idempotent (`teardown_app(verify=False)`): on a
 * missing app it does nothing. Every deployed instance and every removal is logged (`app.deployed`,
 * `app.removed`) for the cleanup property.
 */
export class Swarm {
  private readonly apps = new Map<string, App>();
  private instances = 0;

  /** `timed: false` makes every abra call instant (still one scheduling point each). */
  constructor(
    private readonly sim: Sim,
    private readonly timed = true,
  ) {}

  private until(ms: number): number | undefined {
    return this.timed ? this.sim.now + ms : undefined;
  }

  /** An app left behind by a run that was killed before the scenario began. */
  seedOrphan(domain: string): void {
    this.apps.set(domain, { instance: ++this.instances, owner: 0, stage: 'up' });
  }

  /** The app's current instance and owner, read outside the schedule. */
  current(domain: string): { instance: number; owner: number } | null {
    const a = this.apps.get(domain);
    return a ? { instance: a.instance, owner: a.owner } : null;
  }

  get deployed(): string[] {
    return [...this.apps.keys()];
  }

  deploy(os: Process, domain: string): Promise<void> {
    return os.syscall('abra app deploy', { obj: `app:${domain}`, args: [domain], deadline: this.until(DEPLOY_MS) }, () => {
      const instance = ++this.instances;
      this.apps.set(domain, { instance, owner: os.pid, stage: 'up' });
      this.sim.log('app.deployed', { app: domain, instance, owner: os.pid, by: os.name });
    });
  }

  /**
   * The janitor's reap of an orphan: logs which instance (if any) it takes down and its owner, tears
   * it down, and logs the end of the reap (also when a signal aborts it).
   */
  async reap(os: Process, domain: string): Promise<void> {
    const app = this.apps.get(domain);
    const data = { app: domain, instance: app?.instance ?? null, owner: app?.owner ?? null, by: os.name };
    this.sim.log('janitor.reap', data);
    try {
      await this.teardown(os, domain);
    } finally {
      this.sim.log('janitor.reaped', data);
    }
  }

  /** `teardown_app`: undeploy, then remove. Either step can be interrupted by a signal. */
  async teardown(os: Process, domain: string): Promise<void> {
    await os.syscall('abra app undeploy', { obj: `app:${domain}`, args: [domain], deadline: this.until(UNDEPLOY_MS) }, () => {
      const a = this.apps.get(domain);
      if (a) a.stage = 'undeployed';
    });
    await os.syscall('abra app rm', { obj: `app:${domain}`, args: [domain], deadline: this.until(REMOVE_MS) }, () => {
      const a = this.apps.get(domain);
      if (!a) return;
      this.apps.delete(domain);
      this.sim.log('app.removed', { app: domain, instance: a.instance, by: os.name });
    });
  }
}
