import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { waitFor } from './wait-for.js';

/** One Graph API call as the fake received it. */
export interface GraphCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
  status: number;
  at: number;
  /** The wamid an accepted send was given. */
  wamid?: string;
}

export interface GraphFailure {
  status: number;
  code: number;
  message: string;
  details?: string;
}

export const FAKE_GRAPH_TOKEN = 'EAAG-fake-system-user-token-0123456789';
export const PHONE_NUMBER_ID = '109876543210987';
export const APP_SECRET = 'fake-app-secret-0123456789abcdef';
export const VERIFY_TOKEN = 'fake-verify-token-0123456789';
const VERSION = 'v23.0';

/**
 * A local WhatsApp Cloud API (Graph API) server: `POST /<v>/<phone-number-id>/messages` (sends and
 * mark-read), `GET /<v>/<media-id>` (a media object's URL) and that URL's bytes, and
 * `GET /<v>/<phone-number-id>` (the number). It checks the bearer token, records every call, and
 * can fail the next sends with a Graph error (130429, 131047, 190, …).
 */
export class FakeGraph {
  readonly calls: GraphCall[] = [];
  private server: Server | undefined;
  private readonly failures: { match: (body: Record<string, unknown>) => boolean; failure: GraphFailure }[] = [];
  private readonly media = new Map<string, { mimeType: string; bytes: Buffer; announced?: number }>();
  private nextId = 1;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  /** The next `count` sends matching `match` (default: every send) fail with `failure`. */
  failNext(failure: GraphFailure, count = 1, match: (body: Record<string, unknown>) => boolean = () => true): void {
    for (let i = 0; i < count; i++) this.failures.push({ match, failure });
  }

  /** A media object a beneficiary "uploaded": its id for a webhook. `announced` overrides the size Meta reports. */
  addMedia(mimeType: string, bytes: Buffer, announced?: number): string {
    const id = `media-${this.nextId++}`;
    this.media.set(id, { mimeType, bytes, ...(announced === undefined ? {} : { announced }) });
    return id;
  }

  /** Messages accepted for `to` (not mark-read calls). */
  sent(to?: string): GraphCall[] {
    return this.calls.filter((c) => c.path.endsWith('/messages') && c.status === 200 && c.body.to !== undefined && (to === undefined || c.body.to === to));
  }

  /** mark-read calls accepted. */
  reads(): string[] {
    return this.calls.filter((c) => c.path.endsWith('/messages') && c.status === 200 && c.body.status === 'read').map((c) => String(c.body.message_id));
  }

  async waitForSent(n: number, to?: string, ms = 10_000): Promise<GraphCall[]> {
    return waitFor(() => (this.sent(to).length >= n ? this.sent(to) : undefined), `${n} messages sent${to ? ` to ${to}` : ''}`, ms);
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const path = (req.url ?? '').split('?')[0]!;
    let body: Record<string, unknown> = {};
    const answer = (status: number, payload: unknown, type = 'application/json', wamid?: string) => {
      this.calls.push({ method: req.method ?? '', path, body, status, at: Date.now(), ...(wamid ? { wamid } : {}) });
      res.writeHead(status, { 'content-type': type }).end(Buffer.isBuffer(payload) ? payload : JSON.stringify(payload));
    };
    const graphError = (f: GraphFailure) =>
      answer(f.status, { error: { message: f.message, type: 'OAuthException', code: f.code, ...(f.details ? { error_data: { messaging_product: 'whatsapp', details: f.details } } : {}), fbtrace_id: 'Atrace' } });
    if (req.headers.authorization !== `Bearer ${FAKE_GRAPH_TOKEN}`) {
      return graphError({ status: 401, code: 190, message: 'Invalid OAuth access token - Cannot parse access token' });
    }
    if (path.startsWith('/media-bytes/')) {
      const m = this.media.get(path.slice('/media-bytes/'.length));
      return m ? answer(200, m.bytes, m.mimeType) : answer(404, { error: { message: 'not found', code: 100 } });
    }
    const [, version, first, second] = path.split('/');
    if (version !== VERSION) return graphError({ status: 400, code: 2500, message: `Unknown path components: /${version}` });
    if (req.method === 'POST' && first === PHONE_NUMBER_ID && second === 'messages') {
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return graphError({ status: 400, code: 100, message: 'Invalid parameter' });
      }
      if (body.messaging_product !== 'whatsapp') return graphError({ status: 400, code: 100, message: 'The parameter messaging_product is required.' });
      if (body.status === 'read') return answer(200, { success: true });
      const i = this.failures.findIndex((f) => f.match(body));
      if (i >= 0) return graphError(this.failures.splice(i, 1)[0]!.failure);
      const wamid = `wamid.OUT${randomBytes(8).toString('hex')}`;
      return answer(200, { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: wamid }] }, 'application/json', wamid);
    }
    if (req.method === 'GET' && first === PHONE_NUMBER_ID && !second) {
      return answer(200, { display_phone_number: '+966 11 000 0000', verified_name: 'جمعية سند الخيرية', id: PHONE_NUMBER_ID });
    }
    const m = req.method === 'GET' && first && !second ? this.media.get(first) : undefined;
    if (m) {
      return answer(200, { messaging_product: 'whatsapp', url: `${this.url}/media-bytes/${first}`, mime_type: m.mimeType, sha256: 'x', file_size: m.announced ?? m.bytes.length, id: first });
    }
    return graphError({ status: 400, code: 100, message: 'Unsupported request' });
  }

  /** The last wamid accepted for `to`. */
  lastWamid(to: string): string {
    const sends = this.sent(to);
    if (!sends.length) throw new Error(`nothing sent to ${to}`);
    return sends[sends.length - 1]!.wamid!;
  }
}

/** Signs a body as Meta does: `sha256=<hex HMAC-SHA256 of the raw body with the app secret>`. */
export function sign(raw: string, secret = APP_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
}

let wamids = 1;
/** A fresh inbound wamid. */
export const wamid = () => `wamid.IN${String(wamids++).padStart(10, '0')}${randomBytes(3).toString('hex')}`;

/** A webhook body as Meta POSTs it for the `messages` field. */
export function notification(value: Record<string, unknown>): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '966110000000', phone_number_id: PHONE_NUMBER_ID }, ...value },
          },
        ],
      },
    ],
  };
}

const now = () => String(Math.floor(Date.now() / 1000));

/** One beneficiary message (`content` is e.g. `{type: 'text', text: {body}}`). */
export function inbound(from: string, content: Record<string, unknown>, id = wamid()): Record<string, unknown> {
  return notification({
    contacts: [{ profile: { name: 'محمد' }, wa_id: from }],
    messages: [{ from, id, timestamp: now(), ...content }],
  });
}

export const messages = {
  text: (from: string, body: string, id?: string) => inbound(from, { type: 'text', text: { body } }, id),
  button: (from: string, replyId: string, title: string, id?: string) =>
    inbound(from, { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: replyId, title } } }, id),
  listRow: (from: string, rowId: string, title: string, id?: string) =>
    inbound(from, { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: rowId, title, description: '' } } }, id),
  document: (from: string, mediaId: string, filename: string, mimeType: string, id?: string) =>
    inbound(from, { type: 'document', document: { id: mediaId, filename, mime_type: mimeType, sha256: 'x' } }, id),
  location: (from: string, id?: string) => inbound(from, { type: 'location', location: { latitude: 24.7, longitude: 46.7, name: 'الرياض' } }, id),
  status: (wamidOut: string, recipient: string, status: string, errors?: { code: number; title: string }[]) =>
    notification({
      statuses: [
        {
          id: wamidOut,
          status,
          timestamp: now(),
          recipient_id: recipient,
          ...(errors ? { errors: errors.map((e) => ({ ...e, message: e.title, error_data: { details: e.title } })) } : {}),
        },
      ],
    }),
};
