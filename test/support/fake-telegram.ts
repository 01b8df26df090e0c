import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { waitFor } from './wait-for.js';

/** One Bot API call as the fake received it. */
export interface ApiCall {
  method: string;
  body: Record<string, unknown>;
  at: number;
  /** The HTTP status the fake answered with (for a call in a webhook answer: the one it would have). */
  status: number;
  /** Set for a call a webhook answer carried (Telegram made it as it took the answer). */
  inAnswer?: true;
}

type Failure = { status: number; description: string; parameters?: Record<string, unknown> };
type Update = Record<string, unknown> & { update_id: number };

export const FAKE_TOKEN = '123456:TEST-token_for-the-fake';
export const BOT = { id: 123456, is_bot: true, first_name: 'Sanad', username: 'sanad_test_bot' };

/**
 * A local Telegram Bot API server (node:http) for telegraf's `apiRoot`: it records every method
 * call, answers like the real API (`{ok: true, result}`), can fail the next calls of a method
 * (e.g. 429 with `retry_after`), serves `getUpdates` from a list for polling mode, and holds
 * files for `getFile` and their downloads. As Telegram's side of the webhook, `deliver` POSTs an
 * update and makes the call its answer carries.
 */
export class FakeTelegram {
  readonly calls: ApiCall[] = [];
  private server: Server | undefined;
  private readonly failures = new Map<string, Failure[]>();
  private readonly pending: Update[] = [];
  /** Files the fake holds, by file_id: what getFile describes and `/file/bot<token>/<path>` serves. */
  private readonly files = new Map<string, { bytes: Buffer; path: string }>();
  private messageIds = 1000;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    const { port } = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  /** The next `count` calls of `method` fail with this error (status 429, 403, 400, 500, ...). */
  failNext(method: string, failure: Failure, count = 1): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < count; i++) list.push(failure);
    this.failures.set(method, list);
  }

  /** Holds a file a beneficiary sent (its `file_id` as in the update), for getFile and its download. */
  file(fileId: string, bytes: Buffer, extension = 'jpg'): void {
    this.files.set(fileId, { bytes, path: `${extension === 'jpg' ? 'photos' : 'documents'}/file_${this.files.size}.${extension}` });
  }

  /** Queues an update for the next `getUpdates` (polling mode). */
  push(update: Update): void {
    this.pending.push(update);
  }

  /** Successful calls of a method, optionally to one chat. */
  ok(method: string, chatId?: number | string): ApiCall[] {
    return this.calls.filter((c) => c.method === method && c.status === 200 && (chatId === undefined || String(c.body.chat_id) === String(chatId)));
  }

  /** Waits until `method` has been answered successfully `n` times (to `chatId` if given). */
  async waitFor(method: string, n: number, chatId?: number | string, ms = 10_000): Promise<ApiCall[]> {
    return waitFor(() => (this.ok(method, chatId).length >= n ? this.ok(method, chatId) : undefined), `${n} × ${method}`, ms);
  }

  /**
   * What Telegram does with a webhook's answer (the Bot API server's WebhookActor): a 2xx answer
   * whose body has a `method` (other than setWebhook, deleteWebhook, close, logOut and get*) has
   * that call made, its result seen by nobody. Returns the call made, if any.
   */
  takeAnswer(status: number, contentType: string | null | undefined, body: string): ApiCall | undefined {
    if (status < 200 || status > 299 || !contentType?.startsWith('application/json')) return undefined;
    let params: Record<string, unknown>;
    try {
      params = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return undefined;
    }
    const { method, ...rest } = params;
    if (typeof method !== 'string') return undefined;
    const lower = method.toLowerCase();
    if (['setwebhook', 'deletewebhook', 'close', 'logout'].includes(lower) || lower.startsWith('get')) return undefined;
    const failure = this.failures.get(method)?.shift();
    const call: ApiCall = { method, body: rest, at: Date.now(), status: failure?.status ?? 200, inAnswer: true };
    if (!failure) this.result(method, rest);
    this.calls.push(call);
    return call;
  }

  /**
   * Telegram delivering an update to a webhook: one POST with the secret header, the call its
   * answer carries made (`takeAnswer`); resolves with the HTTP status (0: no answer, such as a
   * connection refused or cut).
   */
  async deliver(url: string, secret: string, update: unknown, timeoutMs = 5_000): Promise<number> {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: typeof update === 'string' ? update : JSON.stringify(update),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      this.takeAnswer(res.status, res.headers.get('content-type'), text);
      return res.status;
    } catch {
      return 0;
    }
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A file's download link, as getFile's file_path makes it: /file/bot<token>/<file_path>.
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(req.url ?? '');
    if (download) {
      const held = [...this.files.values()].find((f) => f.path === download[2]);
      const status = download[1] !== FAKE_TOKEN ? 401 : held ? 200 : 404;
      this.calls.push({ method: 'file', body: { path: download[2] }, at: Date.now(), status });
      if (status !== 200) return void res.writeHead(status).end();
      return void res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': held!.bytes.length }).end(held!.bytes);
    }
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const reply = (status: number, payload: unknown, method = '', body: Record<string, unknown> = {}) => {
      this.calls.push({ method, body, at: Date.now(), status });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    };
    if (!match) return reply(404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method] = match as unknown as [string, string, string];
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return reply(400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' }, method);
    }
    if (token !== FAKE_TOKEN) return reply(401, { ok: false, error_code: 401, description: 'Unauthorized' }, method, body);
    const failure = this.failures.get(method)?.shift();
    if (failure) {
      const { status, ...rest } = failure;
      return reply(status, { ok: false, error_code: status, ...rest }, method, body);
    }
    if (method === 'getFile') {
      const held = this.files.get(String(body.file_id));
      if (!held) return reply(400, { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' }, method, body);
      return reply(200, { ok: true, result: { file_id: body.file_id, file_unique_id: `u-${String(body.file_id)}`, file_size: held.bytes.length, file_path: held.path } }, method, body);
    }
    if (method === 'getUpdates') {
      // As Telegram: an offset confirms the updates before it; then a short long-poll.
      const offset = Number(body.offset ?? 0);
      this.pending.splice(0, this.pending.length, ...this.pending.filter((u) => u.update_id >= offset));
      if (!this.pending.length) await new Promise((r) => setTimeout(r, 100));
      return reply(200, { ok: true, result: [...this.pending] }, method, body);
    }
    return reply(200, { ok: true, result: this.result(method, body) }, method, body);
  }

  private result(method: string, body: Record<string, unknown>): unknown {
    const chat = { id: Number(body.chat_id), type: 'private' };
    switch (method) {
      case 'getMe':
        return BOT;
      case 'sendMessage':
        return { message_id: ++this.messageIds, date: Math.floor(Date.now() / 1000), chat, from: BOT, text: body.text };
      case 'sendPhoto':
      case 'sendDocument':
        return { message_id: ++this.messageIds, date: Math.floor(Date.now() / 1000), chat, from: BOT };
      case 'getWebhookInfo':
        return { url: '', has_custom_certificate: false, pending_update_count: 0 };
      default:
        // setWebhook, deleteWebhook, answerCallbackQuery, ...
        return true;
    }
  }
}

/** A private-chat message update from a beneficiary, with `content` (text, photo, document, …). */
function message(updateId: number, chatId: number, content: Record<string, unknown>, languageCode = 'ar'): Update {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      from: { id: chatId, is_bot: false, first_name: 'محمد', language_code: languageCode },
      chat: { id: chatId, first_name: 'محمد', type: 'private' },
      date: Math.floor(Date.now() / 1000),
      ...content,
    },
  } as Update;
}

/** Real update JSON, as Telegram sends it. */
export const updates = {
  text(updateId: number, chatId: number, text: string, languageCode = 'ar'): Update {
    const command = text.startsWith('/') ? { entities: [{ offset: 0, length: text.split(' ')[0]!.length, type: 'bot_command' }] } : {};
    return message(updateId, chatId, { text, ...command }, languageCode);
  },
  tap(updateId: number, chatId: number, data: string, languageCode = 'ar'): Update {
    return {
      update_id: updateId,
      callback_query: {
        id: `cb${updateId}`,
        from: { id: chatId, is_bot: false, first_name: 'محمد', language_code: languageCode },
        message: { message_id: 1, from: BOT, chat: { id: chatId, type: 'private' }, date: Math.floor(Date.now() / 1000), text: '…' },
        chat_instance: '-1',
        data,
      },
    };
  },
  photo(updateId: number, chatId: number, caption?: string): Update {
    return message(updateId, chatId, {
      photo: [
        { file_id: `small-${updateId}`, file_unique_id: `us${updateId}`, width: 90, height: 67, file_size: 1200 },
        { file_id: `large-${updateId}`, file_unique_id: `ul${updateId}`, width: 1280, height: 960, file_size: 98_000 },
      ],
      ...(caption ? { caption } : {}),
    });
  },
  document(updateId: number, chatId: number, name: string, mime: string): Update {
    return message(updateId, chatId, {
      document: { file_id: `doc-${updateId}`, file_unique_id: `ud${updateId}`, file_name: name, mime_type: mime, file_size: 240_000 },
    });
  },
};
