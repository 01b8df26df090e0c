import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WhatsAppConnection } from '../../adapters/whatsapp/connection.js';
import { RedisSessionStore } from '../../adapters/whatsapp/session-store.js';
import { RetryLaterError } from '../../src/jobs/delivery-errors.js';
import { Keys } from '../../src/store/keys.js';
import type { Redis } from '../../src/store/redis.js';
import { fakeClients, type StartBehaviour } from '../support/fake-wwebjs.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';
import { captureLog } from '../telegram/harness.js';

function connect(behaviours: StartBehaviour[], initTimeoutMs = 5_000) {
  const fakes = fakeClients(behaviours);
  const { log, lines } = captureLog();
  const qrs: string[] = [];
  const connection = new WhatsAppConnection({
    create: fakes.create,
    onMessage: () => {},
    onQr: (qr) => qrs.push(qr),
    log,
    initTimeoutMs,
    retryBaseMs: 30,
    retryMaxMs: 120,
  });
  connection.start();
  return { fakes, connection, lines, qrs };
}

describe('the WhatsApp connection', () => {
  it('gives initialize() its own timeout, then starts a new client', async () => {
    const { fakes, connection, lines } = connect(['hang', 'session'], 150);
    await waitFor(() => connection.state === 'ready', 'ready on the second client');
    expect(fakes.clients).toHaveLength(2);
    expect(fakes.clients[0]!.destroyed).toBe(true);
    expect(lines().find((l) => l.msg === 'whatsapp: connection lost; reconnecting')).toMatchObject({ reason: 'could not start: initialize() took longer than 150 ms' });
    await connection.stop();
    expect(fakes.clients[1]!.destroyed).toBe(true);
  });

  it('retries with a growing wait while WhatsApp Web cannot be reached', async () => {
    const { fakes, connection, lines } = connect(['offline', 'offline', 'offline', 'session']);
    await waitFor(() => connection.state === 'ready', 'ready after three failures');
    const waits = lines().filter((l) => l.msg === 'whatsapp: connection lost; reconnecting').map((l) => l.retryInMs);
    expect(waits).toEqual([30, 60, 120]);
    expect(fakes.clients).toHaveLength(4);
    expect(connection.health()).toMatchObject({ state: 'ready' });
    expect(connection.health()).not.toHaveProperty('lastError');
    await connection.stop();
  });

  it('asks for a new scan after an authentication failure', async () => {
    const { fakes, connection, qrs } = connect(['session', 'qr']);
    await waitFor(() => connection.state === 'ready', 'ready');
    fakes.current.emit('auth_failure', 'Unable to log in. Are the session details valid?');
    await waitFor(() => connection.state === 'qr', 'a new QR code');
    expect(qrs).toHaveLength(1);
    expect(connection.qr).toBe(qrs[0]);
    expect(fakes.clients[0]!.destroyed).toBe(true);
    await connection.stop();
  });

  it('postpones sending while not linked; events of a dropped client are ignored', async () => {
    const { fakes, connection } = connect(['qr', 'session']);
    await waitFor(() => connection.state === 'qr', 'qr');
    await expect(connection.send('966512345678@c.us', 'x')).rejects.toBeInstanceOf(RetryLaterError);
    const old = fakes.current;
    old.disconnect('LOGOUT');
    await waitFor(() => connection.state === 'ready', 'ready on a new client');
    old.emit('disconnected', 'NAVIGATION');
    expect(connection.state).toBe('ready');
    await connection.send('966512345678@c.us', 'مرحبا');
    expect(fakes.current.sentTo('966512345678@c.us')).toEqual(['مرحبا']);
    await connection.stop();
    expect(connection.state).toBe('stopped');
  });
});

describe('RemoteAuth session store in Redis', () => {
  let redis: Redis;
  const prefix = uniquePrefix('wasession');
  const dir = mkdtempSync(join(tmpdir(), 'sanad-wa-'));
  beforeAll(async () => {
    redis = await connectTestRedis();
  });
  afterAll(async () => {
    await deleteKeys(redis, prefix);
    await redis.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('saves the zip RemoteAuth wrote, and extracts it byte for byte', async () => {
    const store = new RedisSessionStore(redis, new Keys(prefix), dir);
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0x80, 0x7f, 0x0a, 0x0d]);
    writeFileSync(join(dir, 'RemoteAuth-sanad.zip'), zip);
    expect(await store.sessionExists({ session: 'RemoteAuth-sanad' })).toBe(false);
    await store.save({ session: 'RemoteAuth-sanad' });
    expect(await store.sessionExists({ session: 'RemoteAuth-sanad' })).toBe(true);
    const out = join(dir, 'restored.zip');
    await store.extract({ session: 'RemoteAuth-sanad', path: out });
    expect(readFileSync(out)).toEqual(zip);
    await store.delete({ session: 'RemoteAuth-sanad' });
    expect(await store.sessionExists({ session: 'RemoteAuth-sanad' })).toBe(false);
    await store.extract({ session: 'RemoteAuth-sanad', path: join(dir, 'none.zip') });
    expect(existsSync(join(dir, 'none.zip'))).toBe(false);
  });
});
