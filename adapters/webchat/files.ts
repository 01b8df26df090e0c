import type { AttachmentStore } from '../../src/store/attachments.js';
import type { StoredFile } from './activities.js';
import { kindOf } from './activities.js';
import { SanadError } from '../../src/errors.js';

/** What a file is, from its first bytes: the browser's claimed type is not trusted. */
export function sniffType(bytes: Buffer): string | undefined {
  const ascii = (from: number, to: number) => bytes.subarray(from, to).toString('latin1');
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'image/gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (ascii(4, 8) === 'ftyp' && ['heic', 'heix', 'mif1', 'msf1', 'hevc'].includes(ascii(8, 12))) return 'image/heic';
  if (ascii(0, 5) === '%PDF-') return 'application/pdf';
  return undefined;
}

/** The file name a beneficiary's device gave, kept printable and short. */
function cleanName(name: string | undefined): string | undefined {
  // eslint-disable-next-line no-control-regex
  const cleaned = name?.replace(/[\u0000-\u001f\u007f/\\]/g, '_').trim().slice(0, 200);
  return cleaned || undefined;
}

/**
 * Files beneficiaries upload in the web chat (a photo or PDF of a document a form asks for):
 * checked here (type from the bytes, name cleaned), kept in the one attachment store every
 * channel uses, so every process can serve them and a request keeps pointing at them.
 */
export class FileStore {
  constructor(private readonly store: AttachmentStore) {}

  /** Checks and stores one upload; refuses (415) anything but a photo or a PDF. */
  async save(conversationId: string, bytes: Buffer, claimedName: string | undefined): Promise<StoredFile> {
    if (!bytes.length) throw new SanadError('SANAD_ERR_WEBCHAT_UPLOAD', 'the uploaded file is empty');
    const mimeType = sniffType(bytes);
    if (!mimeType) {
      throw new SanadError('SANAD_ERR_WEBCHAT_FILE_TYPE', 'only photos (JPEG, PNG, WebP, GIF, HEIC) and PDF files can be sent');
    }
    const name = cleanName(claimedName);
    const storageKey = await this.store.save('wc', { bytes, mimeType, name, conversation: { channel: 'webchat', address: conversationId } });
    return { kind: kindOf(mimeType), mimeType, size: bytes.length, storageKey, ...(name ? { name } : {}) };
  }

  /** A file of this conversation, or undefined (unknown id, or another conversation's file). */
  async load(conversationId: string, id: string): Promise<{ bytes: Buffer; mimeType: string; name?: string } | undefined> {
    if (!/^wc:[\w-]{22}$/.test(id)) return undefined;
    const file = await this.store.load(id);
    if (!file || file.conversation !== `webchat:${conversationId}`) return undefined;
    return { bytes: file.bytes, mimeType: file.mimeType, ...(file.name ? { name: file.name } : {}) };
  }
}
