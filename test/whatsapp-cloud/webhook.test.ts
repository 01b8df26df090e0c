import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from '../../src/store/redis.js';
import { messages, PHONE_NUMBER_ID, sign, VERIFY_TOKEN, wamid } from '../support/fake-graph.js';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';
import { startCloud, type CloudHarness } from './harness.js';

/**
 * The Cloud API webhook as Meta calls it: the verification handshake, signed notifications
 * (HMAC-SHA256 of the raw body), redeliveries, and what Sanad cannot read.
 */
let redis: Redis;
let wa: CloudHarness;
const prefix = uniquePrefix('wacloud-hook');
let numbers = 0;
const number = () => `96655510${String(++numbers).padStart(4, '0')}`;

beforeAll(async () => {
  redis = await connectTestRedis();
  wa = await startCloud(redis, prefix);
});
afterAll(async () => {
  await wa.stop();
  await deleteKeys(redis, prefix);
  await redis.close();
});

const verify = (query: Record<string, string>) => wa.app.inject({ method: 'GET', url: '/webhooks/whatsapp', query });

describe('WhatsApp Cloud webhook: verification', () => {
  it('echoes the challenge as plain text when the verify token matches', async () => {
    const res = await verify({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toBe('1158201444');
  });

  it('refuses a wrong verify token or mode with 403', async () => {
    expect((await verify({ 'hub.mode': 'subscribe', 'hub.verify_token': 'not-the-token', 'hub.challenge': '1' })).statusCode).toBe(403);
    expect((await verify({ 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' })).statusCode).toBe(403);
    const res = await verify({ 'hub.challenge': '1' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'SANAD_ERR_WHATSAPP_VERIFY' });
  });
});

describe('WhatsApp Cloud webhook: signatures', () => {
  it('refuses a notification without X-Hub-Signature-256 with 401, and hands nothing over', async () => {
    const from = number();
    const res = await wa.post(messages.text(from, 'السلام عليكم'), {});
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'SANAD_ERR_WHATSAPP_NO_SIGNATURE' });
    expect(await wa.core.runner.state({ channel: 'whatsapp', address: `${from}@c.us` })).toBeUndefined();
  });

  it('refuses a wrong signature, or one over other bytes, with 403', async () => {
    const from = number();
    const raw = JSON.stringify(messages.text(from, 'السلام عليكم'));
    expect((await wa.post(raw, { 'x-hub-signature-256': sign(raw, 'another-app-secret-0123456789') })).statusCode).toBe(403);
    // The same JSON re-serialised with other spacing is other bytes: the signature is over the raw body.
    const respaced = JSON.stringify(JSON.parse(raw), null, 1);
    expect((await wa.post(respaced, { 'x-hub-signature-256': sign(raw) })).statusCode).toBe(403);
    expect((await wa.post(raw, { 'x-hub-signature-256': 'sha256=00' })).statusCode).toBe(403);
    expect(await wa.core.runner.state({ channel: 'whatsapp', address: `${from}@c.us` })).toBeUndefined();
    expect(wa.lines().some((l) => l.msg === 'whatsapp webhook: wrong signature')).toBe(true);
  });

  it('answers 400 with a log line to a signed body that is not a notification, never 500', async () => {
    expect((await wa.post('{"not json')).statusCode).toBe(400);
    const res = await wa.post({ object: 'page', entry: [] });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'SANAD_ERR_WHATSAPP_PAYLOAD' });
    expect((await wa.post({ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: { messages: [{ id: 'x' }] } }] }] })).statusCode).toBe(400);
    expect(wa.lines().some((l) => l.msg === 'whatsapp webhook: not a WhatsApp Business Account notification')).toBe(true);
  });
});

describe('WhatsApp Cloud webhook: messages', () => {
  it('answers 200 once the message is queued, replies through the Graph API and marks it read', async () => {
    const from = number();
    const id = wamid();
    const res = await wa.post(messages.text(from, 'السلام عليكم', id));
    expect(res.statusCode).toBe(200);
    // Acknowledged only after the message was kept (queued for the engine); the turn follows.
    expect(await wa.core.redis.get(wa.core.keys.seen('whatsapp', id))).toMatch(/^[qd]$/);
    await waitFor(async () => (await wa.core.runner.state({ channel: 'whatsapp', address: `${from}@c.us` }))?.seq === 1, 'the turn');
    const sent = await wa.fake.waitForSent(2, from);
    expect(JSON.stringify(sent[0]!.body)).toContain('أهلاً وسهلاً بك في جمعية سند الخيرية');
    expect(sent.every((c) => c.path === `/v23.0/${PHONE_NUMBER_ID}/messages` && c.body.messaging_product === 'whatsapp')).toBe(true);
    await waitFor(() => wa.fake.reads().includes(id), 'the message marked read');
  });

  it('handles a notification Meta delivers twice once', async () => {
    const from = number();
    const body = messages.text(from, 'مرحبا');
    expect((await wa.post(body)).statusCode).toBe(200);
    const first = await wa.fake.waitForSent(2, from);
    expect((await wa.post(body)).statusCode).toBe(200);
    expect((await wa.core.runner.state({ channel: 'whatsapp', address: `${from}@c.us` }))?.seq).toBe(1);
    // A later message goes through: by then a second answer to the duplicate would have been sent first.
    await wa.post(messages.text(from, 'القائمة'));
    await waitFor(async () => ((await wa.core.runner.state({ channel: 'whatsapp', address: `${from}@c.us` }))?.seq ?? 0) === 2, 'the next turn');
    await wa.fake.waitForSent(first.length + 1, from);
    expect(wa.fake.sent(from).filter((c) => JSON.stringify(c.body).includes('أهلاً وسهلاً بك')).length).toBe(1);
  });

  it('answers a location politely in Arabic and English, without the engine', async () => {
    const from = number();
    expect((await wa.post(messages.location(from))).statusCode).toBe(200);
    const [reply] = await wa.fake.waitForSent(1, from);
    const text = (reply!.body.text as { body: string }).body;
    expect(text).toContain('لا أستطيع قراءة المواقع');
    expect(text).toContain('I cannot read locations');
    expect(await wa.core.runner.state({ channel: 'whatsapp', address: `${from}@c.us` })).toBeUndefined();
  });

  it('skips a notification for another number of the same app', async () => {
    const from = number();
    const body = messages.text(from, 'السلام عليكم') as { entry: { changes: { value: { metadata: { phone_number_id: string } } }[] }[] };
    body.entry[0]!.changes[0]!.value.metadata.phone_number_id = '999999999999';
    expect((await wa.post(body)).statusCode).toBe(200);
    expect(await wa.core.runner.state({ channel: 'whatsapp', address: `${from}@c.us` })).toBeUndefined();
  });

  it('reports the provider, the number and the queue in /healthz', async () => {
    await waitFor(async () => (await wa.health()).state === 'ready', 'the number checked');
    expect(await wa.health()).toMatchObject({ provider: 'cloud', state: 'ready', number: '+966 11 000 0000', templates: 4, held: 0, outbound: { failed: 0 } });
  });
});
