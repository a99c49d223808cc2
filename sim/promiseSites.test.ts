import { describe, expect, it } from 'vitest';
import { userSite } from './promiseSites.js';

const stack = (...at: string[]) => ['Error', ...at.map((a) => `    at fn (${a})`)].join('\n');

describe('userSite', () => {
  it('names the first frame of the user code', () => {
    expect(userSite(stack('/home/u/app/race.ts:5:10', 'node:internal/x:1:1'))).toBe('/home/u/app/race.ts:5:10');
  });

  it('shows a library frame next to the user frame that called it', () => {
    expect(userSite(stack('/home/u/app/node_modules/lib/index.js:3:1', '/home/u/app/race.ts:9:2'))).toBe('/home/u/app/race.ts:9:2 (inside /home/u/app/node_modules/lib/index.js:3:1)');
  });

  it('does not print a data: URL module, only where in it', () => {
    const data = `data:text/javascript;base64,${'QUFB'.repeat(2000)}`;
    expect(userSite(stack(`${data}:12:7`))).toBe('an inline module:12:7');
  });

  it('cuts a location too long to read', () => {
    const site = userSite(stack(`/x/${'a'.repeat(1000)}.ts:1:2`))!;
    expect(site.length).toBeLessThan(140);
    expect(site.endsWith('…:1:2')).toBe(true);
  });
});
