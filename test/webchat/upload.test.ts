import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestRedis, deleteKeys, uniquePrefix } from '../support/redis.js';
import { PDF, PNG } from './fixtures.js';
import { newToken, seqOf, startServer, type TestServer, Visitor } from './support.js';

const prefix = uniquePrefix('webchat-upload');
let server: TestServer;
const visitors: Visitor[] = [];

beforeAll(async () => {
  // 50 KB, so the size limit is easy to cross in a test.
  server = await startServer({ prefix, env: { WEBCHAT_UPLOAD_MAX_MB: '0.05' } });
});
afterAll(async () => {
  for (const v of visitors) v.end();
  await server.close();
  const redis = await connectTestRedis();
  await deleteKeys(redis, prefix);
  await redis.close();
});

/** The multipart body botframework-directlinejs builds: an "activity" part, then one "file" part per attachment. */
function uploadBody(userId: string, files: { bytes: Buffer; name: string; type: string }[], text?: string): FormData {
  const form = new FormData();
  const activity = { type: 'message', from: { id: userId }, locale: 'ar-SA', ...(text ? { text } : {}), channelData: { clientActivityID: `up-${Math.random()}` }, attachments: files.map((f) => ({ contentType: f.type, name: f.name })) };
  form.append('activity', new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }));
  for (const f of files) form.append('file', new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
  return form;
}

function attachmentsOf(a: unknown): { contentType: string; contentUrl: string; name: string }[] {
  return (a as { attachments?: { contentType: string; contentUrl: string; name: string }[] }).attachments ?? [];
}

async function upload(v: { conversationId: string; token: string; userId: string }, body: FormData | string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/v3/directline/conversations/${v.conversationId}/upload?userId=${v.userId}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${v.token}`, ...headers },
    body,
  });
}

async function visitor(): Promise<Visitor & { token: string }> {
  const t = await newToken(server.url);
  const v = new Visitor(server.url, t.token, t.userId, t.conversationId, { webSocket: true, core: server.core }) as Visitor & { token: string };
  v.token = t.token;
  visitors.push(v);
  await v.waitFor((a) => a.type === 'message', { what: 'the welcome' });
  return v;
}

/** A visitor whose support request has reached the question asking for a document (uploads are taken only there). */
async function atDocumentStep(): Promise<Visitor & { token: string }> {
  const v = await visitor();
  await v.ask('السلام عليكم');
  await v.pick('تقديم طلب دعم');
  await v.pick('نعم');
  for (const answer of ['محمد عبدالله السالم', '1000000008', '0512345678']) await v.ask(answer);
  await v.pick('الرياض');
  for (const answer of ['5', '3000']) await v.ask(answer);
  await v.pick('مساعدة علاجية');
  await v.ask('أحتاج مساعدة في تكاليف علاج والدي');
  return v;
}

describe('a beneficiary sends a document in the web chat', () => {
  it('uploads a photo at the form\'s document step; the request keeps it and it can be fetched back', async () => {
    const v = await atDocumentStep();

    const from = v.received.length;
    const res = await upload(v, uploadBody(v.userId, [{ bytes: PNG, name: 'تقرير طبي.png', type: 'image/png' }]));
    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: string };
    const echo = await v.waitFor((a) => a.id === id, { from, what: 'the echo of the upload' });
    const attachment = attachmentsOf(echo)[0]!;
    expect(attachment).toMatchObject({ contentType: 'image/png', name: 'تقرير طبي.png' });
    const summary = await v.waitFor((a) => a.type === 'message' && (a as { text?: string }).text?.includes('تقرير طبي.png') === true && seqOf(a) > seqOf(echo), {
      what: 'the summary naming the file',
    });
    expect((summary as { text: string }).text).toContain('المرفق');

    // The file is served back to the widget (an <img> cannot send a token: the URL is the key).
    const file = await fetch(`${server.url}${attachment.contentUrl}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);

    await v.pick('البيانات صحيحة');
    const done = (await v.pick('نعم')).join('\n');
    const reference = /SR-\d{4}-\d{6}/.exec(done)![0];
    const request = await server.core.requests.get(reference);
    expect(request!.attachments).toHaveLength(1);
    expect(request!.attachments[0]).toMatchObject({ kind: 'image', mimeType: 'image/png', size: PNG.length, name: 'تقرير طبي.png' });
    expect(request!.attachments[0]!.storageKey).toMatch(/^wc:/);
    // Stored durably in Redis under the shared attachment key.
    expect(await server.redis.exists(server.core.keys.attachment(request!.attachments[0]!.storageKey!))).toBe(1);
  }, 30_000);

  it('takes a PDF, and the type comes from the file\'s bytes, not from what the browser claims', async () => {
    const v = await atDocumentStep();
    const res = await upload(v, uploadBody(v.userId, [{ bytes: PDF, name: 'lease.pdf', type: 'image/jpeg' }]));
    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: string };
    const echo = await v.waitFor((a) => a.id === id);
    expect(attachmentsOf(echo)[0]).toMatchObject({ contentType: 'application/pdf', name: 'lease.pdf' });
  });

  it('refuses a file too large (413), of another type (415), none (400), or not multipart (400), with a clear body', async () => {
    const v = await atDocumentStep();
    const big = Buffer.concat([PNG, Buffer.alloc(60 * 1024)]);
    const cases: [FormData | string, number, string, string, Record<string, string>?][] = [
      [uploadBody(v.userId, [{ bytes: big, name: 'big.png', type: 'image/png' }]), 413, 'larger than', 'SANAD_ERR_WEBCHAT_FILE_SIZE'],
      [uploadBody(v.userId, [{ bytes: Buffer.from('MZ\x90\x00 this is an exe'), name: 'x.exe', type: 'image/png' }]), 415, 'only photos', 'SANAD_ERR_WEBCHAT_FILE_TYPE'],
      [uploadBody(v.userId, [{ bytes: Buffer.from('<svg onload=alert(1)>'), name: 'x.svg', type: 'image/svg+xml' }]), 415, 'only photos', 'SANAD_ERR_WEBCHAT_FILE_TYPE'],
      [uploadBody(v.userId, []), 400, 'no "file" part', 'SANAD_ERR_WEBCHAT_UPLOAD'],
      [uploadBody(v.userId, Array.from({ length: 5 }, (_, i) => ({ bytes: PNG, name: `p${i}.png`, type: 'image/png' }))), 413, 'at most 4 files', 'SANAD_ERR_WEBCHAT_TOO_MANY_FILES'],
      [JSON.stringify({ type: 'message' }), 400, 'multipart', 'SANAD_ERR_WEBCHAT_UPLOAD', { 'content-type': 'application/json' }],
    ];
    for (const [body, status, says, code, headers] of cases) {
      const res = await upload(v, body, headers);
      expect(res.status).toBe(status);
      const answer = (await res.json()) as { error: string; code: string };
      expect(answer.error).toContain(says);
      expect(answer.code).toBe(code);
    }
    const activity = uploadBody(v.userId, [{ bytes: PNG, name: 'ok.png', type: 'image/png' }]);
    expect((await upload(v, activity)).status).toBe(200);
  });

  it('serves a file only under its own conversation', async () => {
    const a = await atDocumentStep();
    const b = await visitor();
    const res = await upload(a, uploadBody(a.userId, [{ bytes: PNG, name: 'a.png', type: 'image/png' }]));
    const { id } = (await res.json()) as { id: string };
    const echo = await a.waitFor((x) => x.id === id);
    const url = attachmentsOf(echo)[0]!.contentUrl;
    expect((await fetch(`${server.url}${url}`)).status).toBe(200);
    // Under another conversation its ticket does not count; with that conversation's own token it is not there.
    const elsewhere = url.replace(a.conversationId, b.conversationId);
    expect((await fetch(`${server.url}${elsewhere}`)).status).toBe(403);
    expect((await fetch(`${server.url}${elsewhere.split('?')[0]}`, { headers: { authorization: `Bearer ${b.token}` } })).status).toBe(404);
    expect((await fetch(`${server.url}${url.split('?')[0]!.slice(0, -3)}xyz`, { headers: { authorization: `Bearer ${a.token}` } })).status).toBe(404);
  });
});
