import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfficerError, OfficerRepository, hasRole } from '../../src/domain/officers.js';
import { Keys } from '../../src/store/keys.js';
import type { Redis } from '../../src/store/redis.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';

const prefix = uniquePrefix('officers');
let redis: Redis;
let officers: OfficerRepository;
beforeAll(async () => {
  redis = await connectTestRedis();
  officers = new OfficerRepository(redis, new Keys(prefix));
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.close();
});

describe('officer accounts', () => {
  it('keeps an argon2id hash, never the password, and logs in by email in any case', async () => {
    const o = await officers.create({ email: 'Fatimah@Sanad.example.org', name: 'فاطمة العتيبي', password: 'correct horse 1' });
    expect(o).toMatchObject({ email: 'fatimah@sanad.example.org', role: 'officer', availability: 'away', capacity: 5, disabled: false });
    const stored = await redis.hGet(`${prefix}:officer:${o.id}`, 'hash');
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(stored).not.toContain('correct horse');
    expect((await officers.authenticate('FATIMAH@sanad.example.org', 'correct horse 1'))?.id).toBe(o.id);
    expect(await officers.authenticate('fatimah@sanad.example.org', 'wrong password')).toBeUndefined();
    expect(await officers.authenticate('nobody@sanad.example.org', 'correct horse 1')).toBeUndefined();
  });

  it('refuses a second account with the same email, and short passwords', async () => {
    await expect(officers.create({ email: 'fatimah@sanad.example.org', name: 'x', password: 'another one 2' })).rejects.toBeInstanceOf(OfficerError);
    await expect(officers.create({ email: 'short@sanad.example.org', name: 'x', password: 'short' })).rejects.toThrow(/10 characters/);
  });

  it('a disabled officer cannot log in; a reset password replaces the old one', async () => {
    const o = await officers.create({ email: 'khalid@sanad.example.org', name: 'Khalid', password: 'first password' });
    await officers.update(o.id, { disabled: true });
    expect(await officers.authenticate('khalid@sanad.example.org', 'first password')).toBeUndefined();
    await officers.update(o.id, { disabled: false });
    await officers.setPassword(o.id, 'second password');
    expect(await officers.authenticate('khalid@sanad.example.org', 'first password')).toBeUndefined();
    expect((await officers.authenticate('khalid@sanad.example.org', 'second password'))?.id).toBe(o.id);
  });

  it('the first admin is created once, and kept as it is afterwards', async () => {
    const a = await officers.ensureAdmin('admin@sanad.example.org', 'admin password 1');
    expect(a.role).toBe('admin');
    await officers.setPassword(a.id, 'changed password');
    const again = await officers.ensureAdmin('admin@sanad.example.org', 'admin password 1');
    expect(again.id).toBe(a.id);
    expect((await officers.authenticate('admin@sanad.example.org', 'changed password'))?.id).toBe(a.id);
    expect(hasRole('admin', 'supervisor')).toBe(true);
    expect(hasRole('officer', 'supervisor')).toBe(false);
  });
});
