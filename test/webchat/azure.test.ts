import { createServer, type Server } from 'node:http';
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { startServer, type TestServer } from './support.js';

/**
 * Azure Bot Service signs each request to /api/messages with a JWT whose keys it publishes
 * (OpenID metadata). Here a local fake publishes our own key, in the same format, and the
 * real botbuilder CloudAdapter checks the tokens against it.
 */
const prefix = uniquePrefix('webchat-azure');
const appId = randomUUID();
const issuer = 'https://api.botframework.com';
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const kid = 'test-key';
let metadata: Server;
let metadataUrl = '';
let on: TestServer;
let off: TestServer;

beforeAll(async () => {
  metadata = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/openid') {
      res.end(JSON.stringify({ issuer, jwks_uri: `${metadataUrl}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else {
      res.end(JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256', endorsements: ['webchat', 'msteams'] }] }));
    }
  });
  await new Promise<void>((r) => metadata.listen(0, '127.0.0.1', r));
  metadataUrl = `http://127.0.0.1:${(metadata.address() as { port: number }).port}`;
  on = await startServer({
    prefix,
    env: { MICROSOFT_APP_ID: appId, MICROSOFT_APP_PASSWORD: 'not-a-real-secret', MICROSOFT_APP_TYPE: 'MultiTenant' },
    azureEndpoints: { ToBotFromChannelOpenIdMetadataUrl: `${metadataUrl}/openid`, ToBotFromChannelTokenIssuer: issuer },
  });
  off = await startServer({ prefix });
});
afterAll(async () => {
  await on.close();
  await off.close();
  metadata.close();
  const redis = await connectTestRedis();
  await deleteKeys(redis, prefix);
  await redis.close();
});

function jwt(claims: Record<string, unknown>, key = privateKey): string {
  const enc = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const body = `${enc({ alg: 'RS256', typ: 'JWT', kid })}.${enc(claims)}`;
  return `${body}.${sign('sha256', Buffer.from(body), key).toString('base64url')}`;
}

const serviceUrl = 'https://webchat.botframework.com/';
function activity(text: string, extra: object = {}) {
  return {
    type: 'message',
    id: randomUUID(),
    channelId: 'webchat',
    serviceUrl,
    conversation: { id: 'azure-conv-1' },
    from: { id: 'azure-user-1', name: 'visitor' },
    recipient: { id: appId, name: 'sanad' },
    locale: 'ar-SA',
    text,
    ...extra,
  };
}
const now = () => Math.floor(Date.now() / 1000);
const post = (server: TestServer, body: unknown, auth?: string) =>
  fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
    body: JSON.stringify(body),
  });

describe('Azure Bot Service (/api/messages)', () => {
  it('is off without Microsoft app credentials: nobody can make the bot post to a serviceUrl of his choice', async () => {
    const res = await post(off, activity('hi'));
    expect(res.status).toBe(404);
  });

  it('refuses requests without a genuine Bot Framework token (401), with a log line', async () => {
    const good = { iss: issuer, aud: appId, exp: now() + 600, nbf: now() - 10, serviceurl: serviceUrl };
    const forger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    for (const token of [undefined, 'garbage', jwt(good, forger), jwt({ ...good, aud: 'another-bot' }), jwt({ ...good, nbf: now() - 7200, exp: now() - 3600 })]) {
      const res = await post(on, activity('hi'), token);
      expect(res.status, token ? JSON.stringify(JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString() || '{}')) : 'no token').toBe(401);
      expect(await res.json()).toMatchObject({ code: 'SANAD_ERR_WEBCHAT_AZURE_AUTH' });
    }
    expect(on.logs.has((l) => String(l.msg).includes('without a valid Bot Framework token'))).toBe(true);
    const notActivity = await post(on, { hello: 'world' }, jwt(good));
    expect(notActivity.status).toBe(400);
  });

  it('answers genuine traffic through botbuilder: typing, the greeting, the menu as imBack suggested actions', async () => {
    const token = jwt({ iss: issuer, aud: appId, exp: now() + 600, nbf: now() - 10, serviceurl: serviceUrl });
    // expectReplies: the channel takes the replies in the HTTP answer (no connector call).
    const res = await post(on, activity('السلام عليكم', { deliveryMode: 'expectReplies' }), token);
    expect(res.status).toBe(200);
    const { activities } = (await res.json()) as { activities: { type: string; text?: string; suggestedActions?: { actions: { type: string; title: string; value: string }[] } }[] };
    expect(activities[0]!.type).toBe('typing');
    const texts = activities.map((a) => a.text ?? '').join('\n');
    expect(texts).toContain('أهلاً وسهلاً بك في جمعية سند الخيرية');
    const menu = activities.find((a) => a.suggestedActions)!;
    expect(menu.suggestedActions!.actions[0]).toMatchObject({ type: 'imBack' });
    expect(menu.suggestedActions!.actions.map((a) => a.title)).toContain('تقديم طلب دعم');

    // Tapping sends the label back as text; the engine picks the choice from it.
    const next = await post(on, activity('تقديم طلب دعم', { deliveryMode: 'expectReplies' }), token);
    const more = (await next.json()) as { activities: { text?: string }[] };
    expect(more.activities.map((a) => a.text ?? '').join('\n')).toContain('قبل أن نبدأ');
  });
});
