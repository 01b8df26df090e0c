import { describe, expect, it } from 'vitest';
import { safeEqual } from '../../src/server/safe-equal.js';

describe('safeEqual (the one constant-time compare of secrets)', () => {
  it('is true only for the same secret', () => {
    expect(safeEqual('the-webhook-secret', 'the-webhook-secret')).toBe(true);
    expect(safeEqual('the-webhook-secret', 'the-webhook-secreT')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual(Buffer.from([1, 2, 3]), Buffer.from([1, 2, 3]))).toBe(true);
    expect(safeEqual(Buffer.from([1, 2, 3]), Buffer.from([1, 2, 4]))).toBe(false);
  });

  it('answers false, without throwing, for different lengths and non-ASCII input', () => {
    expect(safeEqual('short', 'a much longer secret')).toBe(false);
    expect(safeEqual('', 'secret')).toBe(false);
    // Same length in characters, not in UTF-8 bytes: a bare timingSafeEqual would throw here.
    expect(safeEqual('secreé', 'secret')).toBe(false);
    expect(safeEqual('سر-الجمعية', 'سر-الجمعية')).toBe(true);
    expect(safeEqual('سر-الجمعية', 'سر-الجمعيه')).toBe(false);
    expect(safeEqual('🔑', 'ab')).toBe(false);
    expect(safeEqual(Buffer.alloc(0), Buffer.alloc(64, 7))).toBe(false);
  });

  it('compares text by its UTF-8 bytes, the same whether given as a string or a buffer', () => {
    expect(safeEqual('مرحبا', Buffer.from('مرحبا', 'utf8'))).toBe(true);
  });
});
