import { describe, expect, it } from 'vitest';
import { StateCache } from '../../src/engine/state-cache.js';
import { initialState } from '../../src/engine/state.js';

describe('the runner state cache', () => {
  it('keeps the newest, dropping the oldest tenth once past its size; a taken entry is out until put back', () => {
    const cache = new StateCache(100);
    const entry = (i: number) => ({ version: `${i}.v`, state: initialState('ar', `s${i}`) });
    for (let i = 0; i < 100; i++) cache.put(`k${i}`, entry(i));
    expect(cache.get('k0')?.version).toBe('0.v');
    // Taken while its conversation changes, then put back: it is the newest now.
    expect(cache.take('k0')?.state.id).toBe('s0');
    expect(cache.get('k0')).toBeUndefined();
    cache.put('k0', entry(0));
    cache.put('k100', entry(100));
    // Past its size: down to nine tenths, the oldest (k1..k11) gone; k0, put back last but one, stays.
    for (let i = 1; i <= 11; i++) expect(cache.get(`k${i}`)).toBeUndefined();
    for (const i of [0, 12, 99, 100]) expect(cache.get(`k${i}`)?.version).toBe(`${i}.v`);
    // Thousands more: never more than its size, the newest always there.
    for (let i = 101; i < 5000; i++) cache.put(`k${i}`, entry(i));
    let kept = 0;
    for (let i = 0; i < 5000; i++) if (cache.get(`k${i}`)) kept++;
    expect(kept).toBeLessThanOrEqual(100);
    expect(kept).toBeGreaterThanOrEqual(90);
    expect(cache.get('k4999')?.version).toBe('4999.v');
  });
});
