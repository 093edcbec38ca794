/**
 * HMAC-SM3 (GB/T 32905-2016, RFC 2104) for the short values a field seal and a blind index tag, in JavaScript.
 * Node's `createHmac('sm3')` gives the same bytes, but each call builds a native object: ~2 µs a tag plus the
 * garbage collector's work on the handles, the largest cost of a feed import's parse (bench/reports/import.md).
 * Here the key's inner and outer states are computed once, so a tag of a value under 56 bytes is two compression
 * rounds on preallocated arrays. Checked against OpenSSL's SM3 on random keys and inputs (test/security/sm3.test.ts).
 */

const IV = Int32Array.of(
  0x7380166f,
  0x4914b2b9,
  0x172442d7,
  0xda8a0600 | 0,
  0xa96f30bc | 0,
  0x163138aa,
  0xe38dee4d | 0,
  0xb0fb0e4e | 0,
);

const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));

/** T_j rotated left by j (mod 32), as the round uses it. */
const T = Int32Array.from({ length: 64 }, (_, j) => rotl(j < 16 ? 0x79cc4519 : 0x7a879d8a, j % 32));

const W = new Int32Array(68);

/** One compression of the 64 bytes of `block` from `off` into the state `v`. */
function compress(v: Int32Array, block: Uint8Array, off: number): void {
  for (let j = 0; j < 16; j++) {
    const o = off + j * 4;
    W[j] = (block[o]! << 24) | (block[o + 1]! << 16) | (block[o + 2]! << 8) | block[o + 3]!;
  }
  for (let j = 16; j < 68; j++) {
    const x = W[j - 16]! ^ W[j - 9]! ^ rotl(W[j - 3]!, 15);
    W[j] = x ^ rotl(x, 15) ^ rotl(x, 23) ^ rotl(W[j - 13]!, 7) ^ W[j - 6]!;
  }
  let a = v[0]!;
  let b = v[1]!;
  let c = v[2]!;
  let d = v[3]!;
  let e = v[4]!;
  let f = v[5]!;
  let g = v[6]!;
  let h = v[7]!;
  // two loops rather than a test per round: the boolean functions change at round 16
  for (let j = 0; j < 16; j++) {
    const a12 = rotl(a, 12);
    const ss1 = rotl((a12 + e + T[j]!) | 0, 7);
    const tt1 = ((a ^ b ^ c) + d + (ss1 ^ a12) + (W[j]! ^ W[j + 4]!)) | 0;
    const tt2 = ((e ^ f ^ g) + h + ss1 + W[j]!) | 0;
    d = c;
    c = rotl(b, 9);
    b = a;
    a = tt1;
    h = g;
    g = rotl(f, 19);
    f = e;
    e = tt2 ^ rotl(tt2, 9) ^ rotl(tt2, 17);
  }
  for (let j = 16; j < 64; j++) {
    const a12 = rotl(a, 12);
    const ss1 = rotl((a12 + e + T[j]!) | 0, 7);
    const tt1 = (((a & b) | (a & c) | (b & c)) + d + (ss1 ^ a12) + (W[j]! ^ W[j + 4]!)) | 0;
    const tt2 = (((e & f) | (~e & g)) + h + ss1 + W[j]!) | 0;
    d = c;
    c = rotl(b, 9);
    b = a;
    a = tt1;
    h = g;
    g = rotl(f, 19);
    f = e;
    e = tt2 ^ rotl(tt2, 9) ^ rotl(tt2, 17);
  }
  v[0] = v[0]! ^ a;
  v[1] = v[1]! ^ b;
  v[2] = v[2]! ^ c;
  v[3] = v[3]! ^ d;
  v[4] = v[4]! ^ e;
  v[5] = v[5]! ^ f;
  v[6] = v[6]! ^ g;
  v[7] = v[7]! ^ h;
}

/** A running SM3 hash that starts from a given state (a key's inner or outer pad already absorbed). */
class Sm3 {
  private readonly v = new Int32Array(8);
  private readonly buf = new Uint8Array(64);
  private n = 0;
  private len = 0;

  start(state: Int32Array, absorbed: number): this {
    this.v.set(state);
    this.n = 0;
    this.len = absorbed;
    return this;
  }

  update(data: Uint8Array, start = 0, end = data.length): this {
    const buf = this.buf;
    let n = this.n;
    for (let i = start; i < end; i++) {
      buf[n++] = data[i]!;
      if (n === 64) {
        compress(this.v, buf, 0);
        n = 0;
      }
    }
    this.n = n;
    this.len += end - start;
    return this;
  }

  /** A string's UTF-8 bytes (written out here for ASCII, which is what key ids, kinds and ID numbers are). */
  updateText(s: string): this {
    const buf = this.buf;
    let n = this.n;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.n = n;
        this.len += i;
        return this.update(Buffer.from(s.slice(i), 'utf8'));
      }
      buf[n++] = c;
      if (n === 64) {
        compress(this.v, buf, 0);
        n = 0;
      }
    }
    this.n = n;
    this.len += s.length;
    return this;
  }

  /** The 32-byte digest into `out`. */
  digestInto(out: Uint8Array): void {
    const { buf, v } = this;
    let n = this.n;
    buf[n++] = 0x80;
    if (n > 56) {
      buf.fill(0, n);
      compress(v, buf, 0);
      n = 0;
    }
    buf.fill(0, n, 56);
    const bits = this.len * 8;
    const hi = Math.floor(bits / 2 ** 32);
    const lo = bits >>> 0;
    for (let i = 0; i < 4; i++) {
      buf[56 + i] = (hi >>> (24 - 8 * i)) & 0xff;
      buf[60 + i] = (lo >>> (24 - 8 * i)) & 0xff;
    }
    compress(v, buf, 0);
    for (let i = 0; i < 8; i++) {
      const w = v[i]!;
      out[i * 4] = w >>> 24;
      out[i * 4 + 1] = (w >>> 16) & 0xff;
      out[i * 4 + 2] = (w >>> 8) & 0xff;
      out[i * 4 + 3] = w & 0xff;
    }
  }
}

/** The state after absorbing one 64-byte block from the initial value. */
function stateAfter(block: Uint8Array): Int32Array {
  const v = Int32Array.from(IV);
  compress(v, block, 0);
  return v;
}

/** SM3 of `data` (a key longer than a block is hashed first, as HMAC says). */
export function sm3(data: Uint8Array): Buffer {
  const out = Buffer.alloc(32);
  new Sm3().start(IV, 0).update(data).digestInto(out);
  return out;
}

/** HMAC-SM3 under one key: its pads absorbed once, then a tag costs two compressions for a short message. */
export class HmacSm3 {
  private readonly inner: Int32Array;
  private readonly outer: Int32Array;
  private readonly h = new Sm3();
  private readonly mid = new Uint8Array(32);

  constructor(key: Uint8Array) {
    const k = new Uint8Array(64);
    k.set(key.length > 64 ? sm3(key) : key);
    this.inner = stateAfter(k.map((x) => x ^ 0x36));
    this.outer = stateAfter(k.map((x) => x ^ 0x5c));
  }

  /** The 32-byte tag of `text` (UTF-8) followed by bytes `start` to `end` of `data`. */
  digest(text: string, data?: Uint8Array, start = 0, end = data?.length ?? 0): Buffer {
    const out = Buffer.allocUnsafe(32);
    this.digestInto(out, text, data, start, end);
    return out;
  }

  /** As `digest`, into `out` (no allocation: a seal writes its tag straight after its ciphertext). */
  digestInto(out: Uint8Array, text: string, data?: Uint8Array, start = 0, end = data?.length ?? 0): void {
    const h = this.h.start(this.inner, 64).updateText(text);
    if (data) h.update(data, start, end);
    h.digestInto(this.mid);
    h.start(this.outer, 64).update(this.mid).digestInto(out);
  }
}
