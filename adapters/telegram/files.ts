import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { Telegram } from 'telegraf';
import type { Attachment, InboundMessageInput } from '../../src/messages/model.js';
import type { AttachmentStore } from '../../src/store/attachments.js';

/** The most the Bot API lets a bot download (getFile), whatever TELEGRAM_MEDIA_MAX_MB says. */
export const BOT_API_DOWNLOAD_MAX_BYTES = 20 * 1024 * 1024;
const REFERENCE = 'telegram:';

export interface TelegramFilesOptions {
  telegram: Telegram;
  store: AttachmentStore;
  /** TELEGRAM_MEDIA_MAX_MB, in bytes: a larger file stays with Telegram. */
  maxBytes: number;
  /** How long getFile and the download may take together. */
  timeoutMs: number;
  log: Logger;
}

/**
 * Files a beneficiary sends on Telegram (a photo, a document, a voice note), fetched from the Bot
 * API as they arrive (getFile, then its download link) and kept in the attachment store every
 * channel uses: officers open them in the console, and a request keeps them, as on the web chat
 * and WhatsApp. A file over the size limit, or one Telegram does not give in time, stays a
 * reference to Telegram's copy (`telegram:<file_id>`, as before) and the message goes on.
 */
export class TelegramFiles {
  private readonly maxBytes: number;

  constructor(private readonly o: TelegramFilesOptions) {
    this.maxBytes = Math.min(o.maxBytes, BOT_API_DOWNLOAD_MAX_BYTES);
  }

  /**
   * The message with its Telegram files stored, each as `tg:<update id>.<n>`: the same key when
   * the update comes again, so a redelivery stores nothing twice.
   */
  async keep(message: InboundMessageInput, updateId: number): Promise<InboundMessageInput> {
    const attachments = message.attachments ?? [];
    if (!attachments.some((a) => a.storageKey?.startsWith(REFERENCE))) return message;
    const kept: Attachment[] = [];
    for (const [n, a] of attachments.entries()) kept.push(await this.store(a, message, `${updateId}.${n}`));
    return { ...message, attachments: kept };
  }

  private async store(a: Attachment, message: InboundMessageInput, id: string): Promise<Attachment> {
    if (!a.storageKey?.startsWith(REFERENCE)) return a;
    const fields = { updateId: id, kind: a.kind, size: a.size };
    if (a.size !== undefined && a.size > this.maxBytes) {
      this.o.log.info(fields, 'telegram: a file over the size limit stays with Telegram');
      return a;
    }
    try {
      const bytes = await this.download(a.storageKey.slice(REFERENCE.length));
      if (!bytes) {
        this.o.log.info(fields, 'telegram: a file over the size limit stays with Telegram');
        return a;
      }
      const storageKey = await this.o.store.save('tg', { id, bytes, mimeType: a.mimeType, name: a.name, conversation: message.ref });
      return { ...a, storageKey, size: bytes.length };
    } catch (err) {
      // Never the link itself in the log: it holds the bot token.
      this.o.log.warn({ ...fields, err: (err as Error).message }, 'telegram: a file could not be fetched; it stays with Telegram');
      return a;
    }
  }

  /** The file's bytes, or undefined when it is larger than the limit. */
  private async download(fileId: string): Promise<Buffer | undefined> {
    const signal = AbortSignal.timeout(this.o.timeoutMs);
    const file = await this.o.telegram.callApi('getFile', { file_id: fileId }, { signal: signal as never });
    if (file.file_size !== undefined && file.file_size > this.maxBytes) return undefined;
    const link = await this.o.telegram.getFileLink(file);
    // A local Bot API server (`--local`) gives the file's path on its own disk.
    if (link.protocol === 'file:') {
      const path = fileURLToPath(link);
      return (await stat(path)).size > this.maxBytes ? undefined : readFile(path);
    }
    const res = await fetch(link, { signal });
    if (!res.ok || !res.body) throw new Error(`the file's download answered ${res.status}`);
    if (Number(res.headers.get('content-length') ?? 0) > this.maxBytes) {
      await res.body.cancel();
      return undefined;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += chunk.length;
      if (size > this.maxBytes) return undefined;
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
  }
}
