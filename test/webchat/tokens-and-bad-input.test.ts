import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenSigner } from '../../adapters/webchat/tokens.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { ConnectionStatus, newToken, startServer, type TestServer, until, Visitor } from './support.js';

const prefix = uniquePrefix('webchat-tokens');
const secret = 'a-direct-line-secret-of-forty-characters!';
let server: TestServer;

beforeAll(async () => {
  server = await startServer({ prefix, env: { WEBCHAT_DIRECTLINE_SECRET: secret } });
});
afterAll(async () => {
  await server.close();
  const redis = await connectTestRedis();
  await deleteKeys(redis, prefix);
  await redis.close();
});

const dl = (path: string) => `${server.url}/v3/directline${path}`;
const bearer = (token: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });
const json = { 'content-type': 'application/json' };

/** A conversation started through the protocol, as the widget does. */
async function started(): Promise<{ token: string; conversationId: string; userId: string; streamUrl: string }> {
  const t = await newToken(server.url);
  const res = await fetch(dl('/conversations'), { method: 'POST', headers: bearer(t.token, json), body: '{}' });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { streamUrl: string };
  return { ...t, streamUrl: body.streamUrl };
}

function message(text: string, extra: object = {}) {
  return JSON.stringify({ type: 'message', text, ...extra });
}

/** Opens a WebSocket; resolves with the HTTP status of a refused upgrade, or 101. */
function upgrade(url: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
}

describe('tokens', () => {
  it('POST /api/webchat/token gives a signed token bound to one conversation and one user, with an expiry', async () => {
    const t = await newToken(server.url);
    const claims = server.webchat.signer.verify(t.token);
    expect(claims.conv).toBe(t.conversationId);
    expect(claims.user).toBe(t.userId);
    expect(claims.exp - claims.iat).toBe(3600);
  });

  it('never lets a token read or write another conversation (403)', async () => {
    const a = await started();
    const b = await started();
    const calls: [string, RequestInit][] = [
      [dl(`/conversations/${b.conversationId}/activities`), { headers: bearer(a.token) }],
      [dl(`/conversations/${b.conversationId}/activities?watermark=0`), { headers: bearer(a.token) }],
      [dl(`/conversations/${b.conversationId}`), { headers: bearer(a.token) }],
      [dl(`/conversations/${b.conversationId}/activities`), { method: 'POST', headers: bearer(a.token, json), body: message('hi') }],
      [dl(`/conversations/${b.conversationId}/upload?userId=x`), { method: 'POST', headers: bearer(a.token), body: new FormData() }],
    ];
    for (const [url, init] of calls) {
      const res = await fetch(url, init);
      expect(res.status, url).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'SANAD_ERR_WEBCHAT_FORBIDDEN' });
    }
    // B's stream ticket does not open A's stream either.
    const ticket = new URL(b.streamUrl).searchParams.get('t')!;
    expect(await upgrade(`${server.url.replace('http', 'ws')}/v3/directline/conversations/${a.conversationId}/stream?t=${ticket}`)).toBe(403);
    expect(await upgrade(b.streamUrl)).toBe(101);
    expect(JSON.stringify(server.logs.lines)).not.toContain(ticket);
    // Nothing A posted reached B.
    const bActivities = await fetch(dl(`/conversations/${b.conversationId}/activities`), { headers: bearer(b.token) }).then((r) => r.json());
    expect((bActivities as { activities: { text?: string; from: { id: string } }[] }).activities.every((x) => x.from.id !== a.userId)).toBe(true);
  });

  it('the official client with one conversation\'s token cannot join another', async () => {
    const a = await started();
    const b = await started();
    const intruder = new Visitor(server.url, a.token, a.userId, b.conversationId, { webSocket: true, resume: true });
    try {
      await until(() => intruder.status === ConnectionStatus.FailedToConnect || intruder.status === ConnectionStatus.ExpiredToken, 8_000, 'the refusal');
      expect(intruder.received).toEqual([]);
      expect((intruder.failure as { status?: number } | undefined)?.status).toBe(403);
    } finally {
      intruder.end();
    }
  });

  it('refuses forged, expired and wrong-kind tokens with a clear 403, and a missing one with 401', async () => {
    const a = await started();
    const url = dl(`/conversations/${a.conversationId}/activities`);
    const forged = new TokenSigner(Buffer.from('not-the-server-secret-not-the-server-secret'), 3600).sign(a.conversationId, a.userId);
    const expired = server.webchat.signer.sign(a.conversationId, a.userId, 'conversation', Date.now() - 2 * 3600_000);
    const ticket = new URL(a.streamUrl).searchParams.get('t')!;
    const [head, , sig] = a.token.split('.');
    const tampered = `${head}.${Buffer.from(JSON.stringify({ conv: a.conversationId, user: 'someone-else', iat: 1, exp: 9e9, knd: 'conversation' })).toString('base64url')}.${sig}`;
    for (const [token, why] of [
      [forged, 'bad signature'],
      [expired, 'expired'],
      [ticket, 'a stream token where a conversation token is needed'],
      [tampered, 'bad signature'],
      ['garbage', 'not a web chat token'],
    ] as const) {
      const res = await fetch(url, { headers: bearer(token) });
      expect(res.status).toBe(403);
      const body = (await res.json()) as { error: string; code: string };
      expect(body.code).toBe('SANAD_ERR_WEBCHAT_TOKEN');
      expect(body.error).toContain(why);
    }
    const none = await fetch(url);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ code: 'SANAD_ERR_WEBCHAT_NO_TOKEN' });
    expect(await upgrade(`${server.url.replace('http', 'ws')}/v3/directline/conversations/${a.conversationId}/stream?t=${a.token}`)).toBe(403);
    // Each refusal left a log line, without the token in it.
    expect(server.logs.has((l) => l.code === 'SANAD_ERR_WEBCHAT_TOKEN' && l.level === 40)).toBe(true);
    expect(JSON.stringify(server.logs.lines)).not.toContain(forged);
    expect(JSON.stringify(server.logs.lines)).not.toContain(ticket);
    expect(JSON.stringify(server.logs.lines)).not.toContain(a.token);
  });

  it('with the Direct Line secret, a server generates tokens and starts conversations (server to server)', async () => {
    const gen = await fetch(dl('/tokens/generate'), { method: 'POST', headers: bearer(secret, json), body: JSON.stringify({ user: { id: 'member-7' } }) });
    expect(gen.status).toBe(200);
    const { token, conversationId } = (await gen.json()) as { token: string; conversationId: string };
    expect(server.webchat.signer.verify(token)).toMatchObject({ conv: conversationId, user: 'member-7' });
    const start = await fetch(dl('/conversations'), { method: 'POST', headers: bearer(token, json), body: '{}' });
    expect(start.status).toBe(201);
    const again = await fetch(dl('/conversations'), { method: 'POST', headers: bearer(token, json), body: '{}' });
    expect(again.status).toBe(200);
    const withToken = await fetch(dl('/tokens/generate'), { method: 'POST', headers: bearer(token, json), body: '{}' });
    expect(withToken.status).toBe(403);
    // As long as the secret but not the same bytes (é is two in UTF-8): refused, never a 500.
    const lookAlike = await fetch(dl('/tokens/generate'), { method: 'POST', headers: bearer(`${secret.slice(0, -1)}é`, json), body: '{}' });
    expect(lookAlike.status).toBe(403);
  });
});

describe('bad input: a 4xx with a clear body and a log line, never a crash', () => {
  it('unknown conversation: 404', async () => {
    const t = await newToken(server.url); // a genuine token whose conversation was never started
    for (const path of [`/conversations/${t.conversationId}/activities`, `/conversations/${t.conversationId}`]) {
      const res = await fetch(dl(path), { headers: bearer(t.token) });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: 'SANAD_ERR_WEBCHAT_NO_CONVERSATION' });
    }
    const post = await fetch(dl(`/conversations/${t.conversationId}/activities`), { method: 'POST', headers: bearer(t.token, json), body: message('hi') });
    expect(post.status).toBe(404);
    const odd = await fetch(dl('/conversations/..%2F..%2Fetc/activities'), { headers: bearer(t.token) });
    expect(odd.status).toBe(404);
  });

  it('malformed JSON, a wrong shape, an oversized activity or message, a bad watermark: 400 / 413', async () => {
    const a = await started();
    const url = dl(`/conversations/${a.conversationId}/activities`);
    const cases: [RequestInit, number, string][] = [
      [{ method: 'POST', headers: bearer(a.token, json), body: '{"type": "message", "text": ' }, 400, 'JSON'],
      [{ method: 'POST', headers: bearer(a.token, json), body: JSON.stringify({ text: 'no type' }) }, 400, 'type'],
      [{ method: 'POST', headers: bearer(a.token, json), body: JSON.stringify({ type: 'invoke' }) }, 400, 'type'],
      [{ method: 'POST', headers: bearer(a.token, json), body: message('ن'.repeat(4001)) }, 400, '4000 characters'],
      [{ method: 'POST', headers: bearer(a.token, json), body: message('x', { value: 'y'.repeat(70_000) }) }, 413, 'too large'],
      [{ method: 'POST', headers: bearer(a.token, json), body: message('x', { attachments: [{ contentType: 'image/png', contentUrl: 'http://169.254.169.254/' }] }) }, 400, '/upload'],
      [{ method: 'POST', headers: bearer(a.token, json), body: '[]' }, 400, 'activity'],
    ];
    for (const [init, status, says] of cases) {
      const res = await fetch(url, init);
      const body = (await res.json()) as { error: string; code: string };
      expect(res.status, String(init.body).slice(0, 60)).toBe(status);
      expect(body.error).toContain(says);
      expect(body.code).toBeTruthy();
    }
    const wm = await fetch(`${url}?watermark=-3`, { headers: bearer(a.token) });
    expect(wm.status).toBe(400);
    const token = await fetch(`${server.url}/api/webchat/token`, { method: 'POST', headers: json, body: '{"locale": 42}' });
    expect(token.status).toBe(400);
    expect(((await token.json()) as { code: string }).code).toBe('SANAD_ERR_WEBCHAT_TOKEN_REQUEST');
    // Still serving, and the conversation still works.
    const ok = await fetch(url, { method: 'POST', headers: bearer(a.token, json), body: message('السلام عليكم') });
    expect(ok.status).toBe(200);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(server.logs.lines.filter((l) => l.msg === 'bad request').length).toBeGreaterThanOrEqual(cases.length);
  });

  it('posting the same clientActivityID twice stores and handles it once', async () => {
    const a = await started();
    const url = dl(`/conversations/${a.conversationId}/activities`);
    const body = message('السلام عليكم', { channelData: { clientActivityID: 'same-one' } });
    const first = (await (await fetch(url, { method: 'POST', headers: bearer(a.token, json), body })).json()) as { id: string };
    const second = (await (await fetch(url, { method: 'POST', headers: bearer(a.token, json), body })).json()) as { id: string };
    expect(second.id).toBe(first.id);
    const set = (await (await fetch(url, { headers: bearer(a.token) })).json()) as { activities: { type: string; from: { role: string }; text?: string }[] };
    expect(set.activities.filter((x) => x.from.role === 'user')).toHaveLength(1);
    expect(set.activities.filter((x) => x.text?.includes('أهلاً وسهلاً'))).toHaveLength(1);
  });
});
