import { SanadError } from '../../src/errors.js';

/**
 * Every call Sanad makes to Meta's Graph API (WhatsApp Cloud API), with plain `fetch`: Meta's own
 * Node SDK is archived. Nothing else in the adapter knows a Graph URL.
 */

export interface GraphOptions {
  /** `https://graph.facebook.com` (tests: a local fake). */
  root: string;
  /** `v23.0`. */
  version: string;
  token: string;
  phoneNumberId: string;
  /** Timeout of one call. */
  timeoutMs?: number;
}

/** A Graph API error answer (`{error: {code, error_subcode, message, error_data}}`), or a bad HTTP status. */
export class GraphError extends SanadError {
  constructor(
    readonly status: number,
    /** Meta's error code (130429, 131047, 190, …); undefined when the body held none. */
    readonly graphCode: number | undefined,
    readonly title: string,
    readonly details?: string,
  ) {
    super('SANAD_ERR_WHATSAPP_GRAPH', `Graph API ${status}${graphCode === undefined ? '' : ` (code ${graphCode})`}: ${title}${details ? ` — ${details}` : ''}`);
    this.name = 'GraphError';
  }
}

/** A message payload for `POST /<phone-number-id>/messages`, without `messaging_product` and `to`. */
export type MessageBody = Record<string, unknown> & { type: string };

export interface MediaInfo {
  url: string;
  mime_type: string;
  file_size?: number;
}

export class GraphApi {
  private readonly base: string;
  private readonly timeoutMs: number;

  constructor(private readonly o: GraphOptions) {
    this.base = `${o.root.replace(/\/+$/, '')}/${o.version}`;
    this.timeoutMs = o.timeoutMs ?? 30_000;
  }

  /** Sends one message to `to` (the beneficiary's `wa_id`); returns the message's `wamid`. */
  async send(to: string, body: MessageBody): Promise<string> {
    const res = (await this.call('POST', `/${this.o.phoneNumberId}/messages`, { messaging_product: 'whatsapp', recipient_type: 'individual', to, ...body })) as {
      messages?: { id?: string }[];
    };
    const wamid = res.messages?.[0]?.id;
    if (!wamid) throw new GraphError(200, undefined, 'the answer to a send carried no message id');
    return wamid;
  }

  /** Marks a beneficiary's message read (the two blue ticks). */
  async markRead(wamid: string): Promise<void> {
    await this.call('POST', `/${this.o.phoneNumberId}/messages`, { messaging_product: 'whatsapp', status: 'read', message_id: wamid });
  }

  /** The business number itself: checks the token and the number id at start-up. */
  async phoneNumber(): Promise<{ display_phone_number?: string; verified_name?: string }> {
    return (await this.call('GET', `/${this.o.phoneNumberId}?fields=display_phone_number,verified_name`)) as { display_phone_number?: string; verified_name?: string };
  }

  /** A media object's short-lived download URL, type and size. */
  async media(mediaId: string): Promise<MediaInfo> {
    const info = (await this.call('GET', `/${encodeURIComponent(mediaId)}`)) as Partial<MediaInfo>;
    if (typeof info.url !== 'string' || typeof info.mime_type !== 'string') throw new GraphError(200, undefined, `media ${mediaId} has no url`);
    return { url: info.url, mime_type: info.mime_type, ...(typeof info.file_size === 'number' ? { file_size: info.file_size } : {}) };
  }

  /**
   * Downloads a media URL (it needs the same bearer token), stopping as soon as it passes
   * `maxBytes`: returns undefined then, so a huge file is never held in memory.
   */
  async download(url: string, maxBytes: number): Promise<Buffer | undefined> {
    const res = await fetch(url, { headers: this.headers(), signal: AbortSignal.timeout(this.timeoutMs) });
    if (!res.ok || !res.body) throw new GraphError(res.status, undefined, `media download failed`);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > maxBytes) {
        await res.body.cancel().catch(() => {});
        return undefined;
      }
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
  }

  private headers(): Record<string, string> {
    // A named client, so calls are recognisable in Meta's and any proxy's logs.
    return { authorization: `Bearer ${this.o.token}`, 'user-agent': 'Sanad (WhatsApp Cloud API client)' };
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { ...this.headers(), ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      json = undefined;
    }
    if (res.ok && json && typeof json === 'object') return json;
    const err = (json as { error?: { code?: unknown; message?: unknown; error_data?: { details?: unknown } } } | undefined)?.error;
    throw new GraphError(
      res.status,
      typeof err?.code === 'number' ? err.code : undefined,
      typeof err?.message === 'string' ? err.message : res.statusText || 'unreadable answer',
      typeof err?.error_data?.details === 'string' ? err.error_data.details : undefined,
    );
  }
}
