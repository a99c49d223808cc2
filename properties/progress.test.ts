import { describe, expect, it } from 'vitest';
import { progress } from './progress.js';

const queue = (over: Partial<Parameters<typeof progress>[0]>) => ({ name: 'q', pending: [], acked: [], deadLetters: [], ...over });

describe('progress', () => {
  it('accepts messages that were acked or dead-lettered visibly', () => {
    expect(() => progress(queue({ acked: ['q-1'], deadLetters: [{ id: 'q-2', reason: 'poison' }] }), { enqueued: ['q-1', 'q-2'] })).not.toThrow();
  });

  it('reports a message still pending, and one that vanished', () => {
    expect(() => progress(queue({ pending: [{ id: 'q-1', deliveries: 3 }] }))).toThrow('progress violated: queue "q": message q-1 never settled (3 deliveries, neither acked nor dead-lettered)');
    expect(() => progress(queue({ acked: ['q-1'] }), { enqueued: ['q-1', 'q-2'] })).toThrow(/message q-2 was silently dropped/);
  });
});
