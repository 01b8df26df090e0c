import { Signer } from '@fastify/cookie';

/** How many signed session ids a process remembers (a few per officer signed in). */
const REMEMBERED = 2_000;

/**
 * The session cookie's signer: @fastify/cookie's HMAC-SHA256 signer, remembering the answers it
 * gave. Every console request checks its cookie's signature and signs the session id again (the
 * session plugin does both), always with the same result; two HMACs cost more than the rest of
 * the request's session handling. Only valid signatures are remembered, so forged cookies cannot
 * fill the map, and the oldest answers go first.
 */
export class RememberingSigner {
  private readonly signer: Signer;
  private readonly signed = new Map<string, string>();
  private readonly checked = new Map<string, string>();

  constructor(secret: string) {
    this.signer = new Signer(secret, 'sha256');
  }

  sign(value: string): string {
    let out = this.signed.get(value);
    if (out === undefined) {
      out = this.signer.sign(value);
      remember(this.signed, value, out);
    }
    return out;
  }

  unsign(input: string): { valid: true; renew: false; value: string } | { valid: false; renew: false; value: null } {
    const known = this.checked.get(input);
    if (known !== undefined) return { valid: true, renew: false, value: known };
    const r = this.signer.unsign(input);
    if (!r.valid || r.value === null) return { valid: false, renew: false, value: null };
    remember(this.checked, input, r.value);
    return { valid: true, renew: false, value: r.value };
  }
}

function remember(map: Map<string, string>, key: string, value: string): void {
  if (map.size >= REMEMBERED) map.delete(map.keys().next().value!);
  map.set(key, value);
}
