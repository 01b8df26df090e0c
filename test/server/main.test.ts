import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectTestRedis, deleteKeys, REDIS_URL, uniquePrefix } from '../support/redis.js';

const prefix = uniquePrefix('main');
const dirs: string[] = [];
afterAll(async () => {
  const redis = await connectTestRedis();
  await deleteKeys(redis, prefix);
  await redis.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** `npm start` as a process: its output, and a way to stop it. */
function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/sanad.ts'], {
    env: { ...process.env, PORT: '0', LOG_PRETTY: 'false', REDIS_URL, REDIS_PREFIX: prefix, ...env },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('close', r));
  return { child, exited, output: () => out };
}

describe('the process (npm start)', () => {
  it('serves /healthz and stops cleanly on SIGTERM', async () => {
    const p = start({});
    let url = '';
    for (let i = 0; i < 200 && !url; i++) {
      url = /Sanad is running: (http:\/\/[^\s]+)/.exec(p.output())?.[1] ?? '';
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(url).toMatch(/^http:\/\/localhost:\d+$/);
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.output()).toContain('shutting down');
  }, 30_000);

  it('stops with every configuration problem listed', async () => {
    const p = start({ PORT: 'x', LOG_LEVEL: 'chatty' });
    expect(await p.exited).toBe(1);
    expect(p.output()).toContain('PORT');
    expect(p.output()).toContain('LOG_LEVEL');
  }, 30_000);

  it('stops with the file, the place and what was expected when a flow file is wrong', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sanad-main-'));
    dirs.push(dir);
    cpSync('flows', dir, { recursive: true });
    writeFileSync(join(dir, 'complaint.flow.yaml'), 'id: complaint\ntitle: { ar: شكوى, en: Complaint }\nstart: a\nsteps:\n  - id: a\n    kind: say\n    text: { ar: نص }\n    next: b\n');
    const p = start({ FLOWS_DIR: dir });
    expect(await p.exited).toBe(1);
    expect(p.output()).toContain('complaint.flow.yaml at steps[0] (id "a").text.en');
  }, 30_000);
});
