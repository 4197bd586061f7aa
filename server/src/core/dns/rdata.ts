// Typed RDATA for the record types hygiene rules read, checked as `named-checkzone` checks them;
// every other known type is kept as its tokens, and RFC 3597 `\# length hex` works for all.
import { isIpv4, isIpv6 } from '../net/ip';
import { cut, quote } from './excerpt';
import { absoluteName } from './names';
import { parseTtl } from './ttl';

/** The record types with their numbers (IANA registry), so `TYPEnnn` and mnemonics meet. */
export const TYPE_NUMBERS: Readonly<Record<string, number>> = {
  A: 1, NS: 2, MD: 3, MF: 4, CNAME: 5, SOA: 6, MB: 7, MG: 8, MR: 9, NULL: 10, WKS: 11, PTR: 12, HINFO: 13, MINFO: 14, MX: 15, TXT: 16,
  RP: 17, AFSDB: 18, X25: 19, ISDN: 20, RT: 21, NSAP: 22, 'NSAP-PTR': 23, SIG: 24, KEY: 25, PX: 26, GPOS: 27, AAAA: 28, LOC: 29, NXT: 30,
  EID: 31, NIMLOC: 32, SRV: 33, ATMA: 34, NAPTR: 35, KX: 36, CERT: 37, A6: 38, DNAME: 39, SINK: 40, APL: 42, DS: 43, SSHFP: 44,
  IPSECKEY: 45, RRSIG: 46, NSEC: 47, DNSKEY: 48, DHCID: 49, NSEC3: 50, NSEC3PARAM: 51, TLSA: 52, SMIMEA: 53, HIP: 55, NINFO: 56,
  RKEY: 57, TALINK: 58, CDS: 59, CDNSKEY: 60, OPENPGPKEY: 61, CSYNC: 62, ZONEMD: 63, SVCB: 64, HTTPS: 65, DSYNC: 66, HHIT: 67, BRID: 68,
  SPF: 99, UINFO: 100, UID: 101, GID: 102, UNSPEC: 103, NID: 104, L32: 105, L64: 106, LP: 107, EUI48: 108, EUI64: 109,
  URI: 256, CAA: 257, AVC: 258, DOA: 259, AMTRELAY: 260, RESINFO: 261, WALLET: 262, TA: 32768, DLV: 32769,
};

/** Meta-types and query-only types that cannot appear in a zone. */
const NOT_IN_ZONES = new Set(['OPT', 'TKEY', 'TSIG', 'IXFR', 'AXFR', 'MAILB', 'MAILA', 'ANY']);

const NUMBER_TYPES = new Map(Object.entries(TYPE_NUMBERS).map(([name, n]) => [n, name]));

/** The canonical mnemonic of a type token (`txt` → `TXT`, `TYPE16` → `TXT`), or an error. */
/** One answer per known type, so the common case allocates nothing. */
const KNOWN_TYPES = new Map(Object.keys(TYPE_NUMBERS).map((t) => [t, { type: t }] as const));

export function typeOf(token: string): { type: string } | { error: string } {
  const known = KNOWN_TYPES.get(token);
  if (known) return known;
  const upper = token.toUpperCase();
  if (TYPE_NUMBERS[upper] !== undefined) return { type: upper };
  const numbered = /^TYPE(\d+)$/.exec(upper);
  if (numbered) {
    const n = Number(numbered[1]);
    if (n > 65535) return { error: `unknown RR type ${quote(token)}` };
    return { type: NUMBER_TYPES.get(n) ?? `TYPE${n}` };
  }
  if (NOT_IN_ZONES.has(upper)) return { error: `meta RR type ${quote(token)} is not allowed in a zone` };
  return { error: `unknown RR type ${quote(token)}` };
}

export interface RdataToken {
  /** As written, without surrounding quotes. */
  readonly text: string;
  readonly quoted: boolean;
  readonly start: number;
  readonly end: number;
}

export type Rdata =
  | { readonly kind: 'SOA'; readonly mname: string; readonly rname: string; readonly serial: number; readonly refresh: number; readonly retry: number; readonly expire: number; readonly minimum: number }
  | { readonly kind: 'name'; readonly target: string }
  | { readonly kind: 'address'; readonly address: string }
  | { readonly kind: 'MX'; readonly preference: number; readonly exchange: string }
  | { readonly kind: 'strings'; readonly strings: readonly string[] }
  | { readonly kind: 'CAA'; readonly flags: number; readonly tag: string; readonly value: string }
  | { readonly kind: 'SRV'; readonly priority: number; readonly weight: number; readonly port: number; readonly target: string }
  | { readonly kind: 'DS'; readonly keyTag: number; readonly algorithm: number; readonly digestType: number; readonly digest: string }
  | { readonly kind: 'DNSKEY'; readonly flags: number; readonly protocol: number; readonly algorithm: number; readonly key: string }
  | { readonly kind: 'RRSIG'; readonly typeCovered: string; readonly algorithm: number; readonly signer: string }
  | { readonly kind: 'NSEC'; readonly next: string; readonly types: readonly string[] }
  | { readonly kind: 'SVCB'; readonly priority: number; readonly target: string; readonly params: ReadonlyMap<string, string | undefined> }
  | { readonly kind: 'TLSA'; readonly usage: number; readonly selector: number; readonly matchingType: number; readonly data: string }
  | { readonly kind: 'SSHFP'; readonly algorithm: number; readonly fpType: number; readonly fingerprint: string }
  | { readonly kind: 'unknown'; readonly hex: string }
  | { readonly kind: 'other'; readonly tokens: readonly string[] };

export class RdataError extends Error {
  constructor(
    message: string,
    /** Index of the offending token; the type's position when there is none (too few). */
    readonly token?: number,
  ) {
    super(message);
  }
}

/** The bytes of a character-string as written (`\DDD` and `\X` escapes resolved), as a latin-1 string. */
export function characterString(token: RdataToken): string {
  return unescapeText(token.text);
}

/** Master-file escapes resolved: `\DDD` is a byte, `\X` is X. */
export function unescapeText(t: string): string {
  if (!t.includes('\\')) return t;
  let out = '';
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const digits = /^\d{3}/.exec(t.slice(i + 1, i + 4));
    if (digits) {
      const n = Number(digits[0]);
      if (n > 255) throw new RdataError('bad escape');
      out += String.fromCharCode(n);
      i += 3;
    } else {
      if (/\d/.test(t[i + 1] ?? '')) throw new RdataError('bad escape: \\DDD needs three digits');
      out += t[i + 1] ?? '';
      i++;
    }
  }
  return out;
}

/**
 * Wire length of a character-string as written: a `\DDD` escape is one byte, anything else is
 * its UTF-8 bytes (the file is UTF-8, so `é` is two bytes even though it fits in latin-1).
 */
function byteLength(written: string): number {
  let n = 0;
  for (let i = 0; i < written.length; i++) {
    if (written[i] === '\\') {
      if (/^\d{3}/.test(written.slice(i + 1, i + 4))) {
        n++;
        i += 3;
        continue;
      }
      i++;
      if (i >= written.length) break;
    }
    const cp = written.codePointAt(i)!;
    if (cp > 0xffff) i++;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

const ALGORITHMS: Record<string, number> = {
  RSAMD5: 1, DH: 2, DSA: 3, RSASHA1: 5, 'DSA-NSEC3-SHA1': 6, 'RSASHA1-NSEC3-SHA1': 7, RSASHA256: 8, RSASHA512: 10, 'ECC-GOST': 12,
  ECDSAP256SHA256: 13, ECDSAP384SHA384: 14, ED25519: 15, ED448: 16, INDIRECT: 252, PRIVATEDNS: 253, PRIVATEOID: 254,
  // BIND's own spellings (dns_secalg_fromtext).
  RSA: 1, ECC: 4, NSEC3DSA: 6, NSEC3RSASHA1: 7, ECCGOST: 12, ECDSA256: 13, ECDSA384: 14,
};

/**
 * An RRSIG time: `YYYYMMDDHHmmSS` (a real calendar date; like BIND, any year, since the field
 * wraps in serial arithmetic) or seconds that fit 32 bits (RFC 4034 §3.2).
 */
function signatureTimeOk(text: string): boolean {
  if (/^\d{14}$/.test(text)) {
    const [y, mo, d, h, mi, se] = [text.slice(0, 4), text.slice(4, 6), text.slice(6, 8), text.slice(8, 10), text.slice(10, 12), text.slice(12)].map(Number);
    const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, se!));
    date.setUTCFullYear(y!);
    return date.getUTCMonth() === mo! - 1 && date.getUTCDate() === d! && h! < 24 && mi! < 60 && se! < 60;
  }
  return /^\d{1,10}$/.test(text) && Number(text) <= 0xffffffff;
}

class Cursor {
  private i = 0;
  constructor(
    private readonly tokens: readonly RdataToken[],
    private readonly origin: string,
  ) {}

  get index(): number {
    return this.i;
  }

  next(): RdataToken {
    const t = this.tokens[this.i];
    if (!t) throw new RdataError('unexpected end of input');
    this.i++;
    return t;
  }

  peek(): RdataToken | undefined {
    return this.tokens[this.i];
  }

  /** Steps back over the token just read. */
  back(): void {
    if (this.i > 0) this.i--;
  }

  rest(): RdataToken[] {
    const out = this.tokens.slice(this.i);
    this.i = this.tokens.length;
    return out;
  }

  atEnd(): boolean {
    return this.i >= this.tokens.length;
  }

  done(): void {
    if (!this.atEnd()) throw new RdataError('extra input text', this.i);
  }

  number(max: number): number {
    const t = this.next();
    if (!/^\d+$/.test(t.text)) throw new RdataError(`expected a number, not ${quote(t.text)}`, this.i - 1);
    const n = Number(t.text);
    if (n > max) throw new RdataError(`number out of range: ${cut(t.text)} (at most ${max})`, this.i - 1);
    return n;
  }

  /** A DNSSEC algorithm: its number or its mnemonic (RFC 4034 Appendix A.1). */
  algorithm(): number {
    const t = this.peek();
    const known = t ? ALGORITHMS[t.text.toUpperCase()] : undefined;
    if (known !== undefined) {
      this.next();
      return known;
    }
    return this.number(255);
  }

  ttlLike(): number {
    const t = this.next();
    const n = parseTtl(t.text);
    if (n === undefined) throw new RdataError(`expected a number or a time, not ${quote(t.text)}`, this.i - 1);
    return n;
  }

  name(): string {
    const t = this.next();
    if (t.quoted) throw new RdataError(`bad name ${quote(t.text)}`, this.i - 1);
    const r = absoluteName(t.text, this.origin);
    if ('error' in r) throw new RdataError(`bad name ${quote(t.text)}: ${r.error}`, this.i - 1);
    return r.name;
  }

  hex(allowDash = false): string {
    const parts = this.rest().map((t) => t.text);
    const hex = parts.join('');
    if (allowDash && hex === '-') return '';
    if (hex.length === 0) throw new RdataError('unexpected end of input');
    if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) throw new RdataError('bad hex encoding', this.tokens.length - parts.length);
    return hex.toLowerCase();
  }

  base64(): string {
    const first = this.i;
    const text = this.rest().map((t) => t.text).join('');
    if (text.length === 0) throw new RdataError('unexpected end of input');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new RdataError('bad base64 encoding', first);
    return text;
  }
}

type RdataParser = (c: Cursor, tokens: readonly RdataToken[]) => Rdata;

const nameOnly: RdataParser = (c) => {
  const target = c.name();
  c.done();
  return { kind: 'name', target };
};

const strings: RdataParser = (c) => {
  const out: string[] = [];
  const all = c.rest();
  if (all.length === 0) throw new RdataError('unexpected end of input');
  let total = 0;
  all.forEach((t, i) => {
    const s = characterString(t);
    const length = byteLength(t.text);
    if (length > 255) throw new RdataError('TXT string too long (over 255 characters)', i);
    total += length + 1;
    out.push(s);
  });
  if (total > 65535) throw new RdataError(`rdata too big (${total} bytes, at most 65535)`);
  return { kind: 'strings', strings: out };
};

const PARSERS: Record<string, RdataParser> = {
  SOA: (c) => {
    const mname = c.name();
    const rname = c.name();
    const serial = c.number(0xffffffff);
    const refresh = c.ttlLike();
    const retry = c.ttlLike();
    const expire = c.ttlLike();
    const minimum = c.ttlLike();
    c.done();
    return { kind: 'SOA', mname, rname, serial, refresh, retry, expire, minimum };
  },
  NS: nameOnly,
  CNAME: nameOnly,
  DNAME: nameOnly,
  PTR: nameOnly,
  A: (c) => {
    const t = c.next();
    // inet_pton's dotted quad: four decimal octets up to 255, no leading zeros (`010` is not 10).
    if (!isIpv4(t.text)) throw new RdataError(`bad dotted quad ${quote(t.text)}`, c.index - 1);
    c.done();
    return { kind: 'address', address: t.text };
  },
  AAAA: (c) => {
    const t = c.next();
    if (!isIpv6(t.text)) throw new RdataError(`bad IPv6 address ${quote(t.text)}`, c.index - 1);
    c.done();
    return { kind: 'address', address: t.text };
  },
  MX: (c) => {
    const preference = c.number(65535);
    const exchange = c.name();
    c.done();
    return { kind: 'MX', preference, exchange };
  },
  TXT: strings,
  SPF: strings,
  CAA: (c) => {
    const flags = c.number(255);
    const tagToken = c.next();
    const tag = tagToken.text;
    if (tag.length === 0 || tag.length > 255) throw new RdataError('bad CAA tag', c.index - 1);
    const valueToken = c.next();
    c.done();
    return { kind: 'CAA', flags, tag, value: characterString(valueToken) };
  },
  SRV: (c) => {
    const priority = c.number(65535);
    const weight = c.number(65535);
    const port = c.number(65535);
    const target = c.name();
    c.done();
    return { kind: 'SRV', priority, weight, port, target };
  },
  DS: ds,
  CDS: ds,
  DLV: ds,
  TA: ds,
  DNSKEY: dnskey,
  CDNSKEY: dnskey,
  KEY: dnskey,
  RRSIG: (c) => {
    const covered = c.next();
    const type = typeOf(covered.text);
    if ('error' in type) throw new RdataError(type.error, c.index - 1);
    const algorithm = c.algorithm();
    c.number(255); // labels
    c.ttlLike(); // original TTL
    for (let k = 0; k < 2; k++) {
      const t = c.next();
      if (!signatureTimeOk(t.text)) throw new RdataError(`bad signature time ${quote(t.text)}`, c.index - 1);
    }
    c.number(65535);
    const signer = c.name();
    c.base64();
    return { kind: 'RRSIG', typeCovered: type.type, algorithm, signer };
  },
  NSEC: (c) => {
    const next = c.name();
    const types = c.rest().map((t, i) => {
      const r = typeOf(t.text);
      if ('error' in r) throw new RdataError(r.error, i + 1);
      return r.type;
    });
    return { kind: 'NSEC', next, types };
  },
  SVCB: svcb,
  HTTPS: svcb,
  TLSA: tlsa,
  SMIMEA: tlsa,
  SSHFP: (c) => {
    const algorithm = c.number(255);
    const fpType = c.number(255);
    const fingerprint = c.hex();
    return { kind: 'SSHFP', algorithm, fpType, fingerprint };
  },
  NSAP: (c) => {
    const t = c.next();
    const hex = t.text.replace(/\./g, '');
    if (!/^0x([0-9a-fA-F]{2})+$/i.test(hex)) throw new RdataError(`bad NSAP address ${quote(t.text)}`, c.index - 1);
    c.done();
    return { kind: 'other', tokens: [t.text] };
  },
  NSEC3: (c) => {
    const algorithm = c.number(255);
    c.number(255); // flags
    c.number(65535); // iterations
    const salt = c.next();
    if (salt.text !== '-' && !/^([0-9a-fA-F]{2})+$/.test(salt.text)) throw new RdataError(`bad salt ${quote(salt.text)}`, c.index - 1);
    const next = c.next();
    if (!/^[0-9A-Va-v]+$/.test(next.text) || [1, 3, 6].includes(next.text.length % 8)) throw new RdataError(`bad base32 encoding ${quote(next.text)}`, c.index - 1);
    // SHA-1 (algorithm 1) hashes are 20 bytes: 32 base32 characters.
    if (algorithm === 1 && next.text.length !== 32) throw new RdataError('NSEC3 next hash out of range', c.index - 1);
    const start = c.index;
    const types = c.rest().map((t, i) => {
      const r = typeOf(t.text);
      if ('error' in r) throw new RdataError(r.error, start + i);
      return r.type;
    });
    return { kind: 'other', tokens: types };
  },
  HINFO: (c) => {
    const cpu = c.next();
    const os = c.next();
    c.done();
    return { kind: 'strings', strings: [characterString(cpu), characterString(os)] };
  },
  EUI48: (c) => eui(c, 6),
  EUI64: (c) => eui(c, 8),
  WKS: (c) => {
    const a = c.next();
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(a.text)) throw new RdataError(`bad dotted quad ${quote(a.text)}`, c.index - 1);
    c.next();
    return { kind: 'other', tokens: c.rest().map((t) => t.text) };
  },
  LOC: loc,
  CERT: (c, tokens) => {
    mnemonic(c, CERT_TYPES, 65535, 'certificate type');
    c.number(65535); // key tag
    c.algorithm();
    c.base64();
    return other(tokens);
  },
  APL: apl,
  DHCID: (c, tokens) => {
    c.base64();
    return other(tokens);
  },
  NSEC3PARAM: (c, tokens) => {
    c.number(255); // hash algorithm
    c.number(255); // flags
    c.number(65535); // iterations
    salt(c);
    c.done();
    return other(tokens);
  },
  IPSECKEY: (c, tokens) => {
    c.number(255); // precedence
    const gatewayType = c.number(3);
    c.number(255); // algorithm
    const gateway = c.next();
    if (gatewayType === 0 && gateway.text !== '.') throw new RdataError(`bad gateway ${quote(gateway.text)}: type 0 takes '.'`, c.index - 1);
    if (gatewayType === 1) ipv4(gateway, c.index - 1);
    if (gatewayType === 2) ipv6(gateway, c.index - 1);
    if (gatewayType === 3) {
      c.back();
      c.name();
    }
    // The public key is optional (RFC 4025 §2.6).
    if (!c.atEnd()) c.base64();
    return other(tokens);
  },
  L32: (c, tokens) => {
    c.number(65535);
    ipv4(c.next(), c.index - 1);
    c.done();
    return other(tokens);
  },
  L64: (c, tokens) => locator(c, tokens, 'locator'),
  NID: (c, tokens) => locator(c, tokens, 'node ID'),
  LP: (c, tokens) => {
    c.number(65535); // preference
    c.name(); // FQDN
    c.done();
    return other(tokens);
  },
  ZONEMD: (c, tokens) => {
    c.number(0xffffffff); // serial
    c.number(255); // scheme
    const algorithm = c.number(255);
    const start = c.index;
    const digest = c.hex();
    const bytes = digest.length / 2;
    // RFC 8976 §2.2.4: SHA-384 and SHA-512 digests have their size; any digest is at least 12 octets.
    const expected: Record<number, number> = { 1: 48, 2: 64 };
    const length = expected[algorithm];
    if (length !== undefined && bytes !== length) throw new RdataError(`bad digest length: ${bytes} bytes for hash algorithm ${algorithm} (${length} expected)`, start);
    if (bytes < 12) throw new RdataError(`bad digest length: ${bytes} bytes (at least 12)`, start);
    return other(tokens);
  },
  CSYNC: (c, tokens) => {
    c.number(0xffffffff); // SOA serial
    c.number(65535); // flags
    typeList(c);
    return other(tokens);
  },
  NAPTR: naptr,
  URI: (c, tokens) => {
    c.number(65535); // priority
    c.number(65535); // weight
    const target = c.next();
    // RFC 7553 §4.4: one quoted string (BIND reads only a quoted one), and not an empty one.
    if (!target.quoted) throw new RdataError(`bad target ${quote(target.text)}: not a quoted string`, c.index - 1);
    if (target.text === '') throw new RdataError('bad target: empty', c.index - 1);
    try {
      unescapeText(target.text);
    } catch (err) {
      throw err instanceof RdataError ? new RdataError(err.message, c.index - 1) : err;
    }
    c.done();
    return other(tokens);
  },
  DSYNC: (c, tokens) => {
    const type = c.next();
    if (!rrtypeOk(type.text)) {
      if (/^\d+$/.test(type.text)) throw new RdataError(`number out of range: ${cut(type.text)} (at most 65535)`, c.index - 1);
      throw new RdataError(`unknown RR type ${quote(type.text)}`, c.index - 1);
    }
    mnemonic(c, DSYNC_SCHEMES, 255, 'scheme');
    c.number(65535); // port
    c.name();
    c.done();
    return other(tokens);
  },
};

function other(tokens: readonly RdataToken[]): Rdata {
  return { kind: 'other', tokens: tokens.map((t) => t.text) };
}

function ipv4(t: RdataToken, index: number): void {
  // inet_pton's dotted quad, as for A.
  if (!isIpv4(t.text)) throw new RdataError(`bad dotted quad ${quote(t.text)}`, index);
}

function ipv6(t: RdataToken, index: number): void {
  if (!isIpv6(t.text)) throw new RdataError(`bad IPv6 address ${quote(t.text)}`, index);
}

/** The rest of the tokens as a type bit map's mnemonics (CSYNC), read as for NSEC. */
function typeList(c: Cursor): string[] {
  const start = c.index;
  return c.rest().map((t, i) => {
    const r = typeOf(t.text);
    if ('error' in r) throw new RdataError(r.error, start + i);
    return r.type;
  });
}

/** An RR type as BIND's DSYNC reads it: a mnemonic (meta types too), `TYPEn`, or a bare number. */
function rrtypeOk(text: string): boolean {
  const upper = text.toUpperCase();
  if (TYPE_NUMBERS[upper] !== undefined || NOT_IN_ZONES.has(upper)) return true;
  const m = /^(?:TYPE)?(\d+)$/.exec(upper);
  return m !== null && Number(m[1]) <= 65535;
}

const CERT_TYPES: Record<string, number> = { PKIX: 1, SPKI: 2, PGP: 3, IPKIX: 4, ISPKI: 5, IPGP: 6, ACPKIX: 7, IACPKIX: 8, URI: 253, OID: 254 };
const DSYNC_SCHEMES: Record<string, number> = { NOTIFY: 1 };

/** A number up to `max` or one of the mnemonics (any case), like BIND's dns_mnemonic_fromtext. */
function mnemonic(c: Cursor, table: Record<string, number>, max: number, what: string): number {
  const t = c.peek();
  if (t && !/^\d/.test(t.text)) {
    c.next();
    const n = table[t.text.toUpperCase()];
    if (n === undefined) throw new RdataError(`unknown ${what} ${quote(t.text)}`, c.index - 1);
    return n;
  }
  return c.number(max);
}

/** An NSEC3 salt: `-` for none, else hex of up to 255 bytes. */
function salt(c: Cursor): void {
  const t = c.next();
  if (t.text === '-') return;
  if (!/^([0-9a-fA-F]{2})+$/.test(t.text)) throw new RdataError(`bad salt ${quote(t.text)}`, c.index - 1);
  if (t.text.length > 510) throw new RdataError(`salt too long: ${t.text.length / 2} bytes (at most 255)`, c.index - 1);
}

/**
 * An ILNP locator or node ID (RFC 6742 §2.3): four groups of hex separated by colons. Like BIND's
 * locator_pton, a group has one to four digits (`0:0:0:1`), written as in IPv6 but never `::`.
 */
function locator(c: Cursor, tokens: readonly RdataToken[], what: string): Rdata {
  c.number(65535); // preference
  const t = c.next();
  if (!/^[0-9a-fA-F]{1,4}(:[0-9a-fA-F]{1,4}){3}:?$/.test(t.text)) throw new RdataError(`bad ${what} ${quote(t.text)}`, c.index - 1);
  c.done();
  return other(tokens);
}

/**
 * A LOC decimal like BIND's loc_getdecimal: digits, optionally `.` and up to `places` more, then
 * the optional unit; the value in units of 10^-places. Undefined when malformed.
 */
function locDecimal(text: string, places: number, unit: string): number | undefined {
  const m = new RegExp(`^(\\d*)(?:\\.(\\d{0,${places}}))?${unit ? `(?:${unit})?` : ''}$`).exec(text);
  if (!m || (m[1] === '' && !m[2])) return undefined;
  return Number(m[1] || 0) * 10 ** places + Number((m[2] ?? '').padEnd(places, '0') || 0);
}

/** One LOC coordinate: degrees, optional minutes and seconds, then the hemisphere letter. */
function coordinate(c: Cursor, maxDegrees: number, letters: readonly [string, string], what: string): void {
  const isLetter = (t: RdataToken | undefined): boolean => t !== undefined && letters.includes(t.text);
  const degrees = c.number(maxDegrees);
  if (isLetter(c.peek())) {
    c.next();
    return;
  }
  const m = c.peek();
  if (m && !/^\d+$/.test(m.text)) throw new RdataError(`expected a number or ${letters.join(' or ')}, not ${quote(m.text)}`, c.index);
  const minutes = c.number(59);
  if (degrees === maxDegrees && minutes !== 0) throw new RdataError(`bad ${what}: beyond ${maxDegrees} degrees`, c.index - 1);
  if (isLetter(c.peek())) {
    c.next();
    return;
  }
  const s = c.next();
  const ms = locDecimal(s.text, 3, '');
  if (ms === undefined) {
    if (/^[\d.]/.test(s.text)) throw new RdataError(`bad seconds ${quote(s.text)}`, c.index - 1);
    throw new RdataError(`expected a number or ${letters.join(' or ')}, not ${quote(s.text)}`, c.index - 1);
  }
  if (ms > 59_999) throw new RdataError(`number out of range: ${cut(s.text)} (at most 59.999)`, c.index - 1);
  if (degrees === maxDegrees && ms !== 0) throw new RdataError(`bad ${what}: beyond ${maxDegrees} degrees`, c.index - 1);
  const letter = c.next();
  if (!isLetter(letter)) throw new RdataError(`expected ${letters.join(' or ')}, not ${quote(letter.text)}`, c.index - 1);
}

/**
 * LOC (RFC 1876 §3), as BIND reads it: `d [m [s]] N|S d [m [s]] E|W alt[m] [size[m] [hp[m] [vp[m]]]]`.
 * The hemisphere letters are upper case; altitude -100000.00 to 42849672.95 m, sizes up to 90000000.
 */
function loc(c: Cursor, tokens: readonly RdataToken[]): Rdata {
  coordinate(c, 90, ['N', 'S'], 'latitude');
  coordinate(c, 180, ['E', 'W'], 'longitude');
  const alt = c.next();
  const below = alt.text.startsWith('-');
  const cm = locDecimal(below ? alt.text.slice(1) : alt.text, 2, 'm');
  if (cm === undefined) throw new RdataError(`bad altitude ${quote(alt.text)}`, c.index - 1);
  if (below ? cm > 10_000_000 : cm > 4_284_967_295) throw new RdataError(`altitude out of range: ${cut(alt.text)} (-100000.00 to 42849672.95)`, c.index - 1);
  for (const what of ['size', 'horizontal precision', 'vertical precision']) {
    const t = c.peek();
    if (!t) break;
    c.next();
    const value = locDecimal(t.text, 2, 'm');
    if (value === undefined) throw new RdataError(`bad ${what} ${quote(t.text)}`, c.index - 1);
    // BIND bounds the metres, not the centimetres: 90000000.99m is read (as 9e7 m).
    if (Math.floor(value / 100) > 90_000_000) throw new RdataError(`${what} out of range: ${cut(t.text)} (at most 90000000)`, c.index - 1);
  }
  c.done();
  return other(tokens);
}

/** APL (RFC 3123 §4): zero or more `[!]afi:address/prefix`, afi 1 (IPv4) or 2 (IPv6). */
function apl(c: Cursor, tokens: readonly RdataToken[]): Rdata {
  tokens.forEach((t, i) => {
    const m = /^!?(\d*):([^/]*)\/(.*)$/.exec(t.text);
    if (t.quoted || !m || m[2] === '') throw new RdataError(`bad address prefix ${quote(t.text)}`, i);
    const [, afiText, address, prefixText] = m as unknown as [string, string, string, string];
    const afi = Number(afiText || 0);
    if (afi !== 1 && afi !== 2) throw new RdataError(`bad address family ${quote(afiText)} (1 or 2)`, i);
    if (!/^\d+$/.test(prefixText) || Number(prefixText) > 255) throw new RdataError(`bad prefix length ${quote(prefixText)}`, i);
    if (afi === 1) ipv4({ ...t, text: address }, i);
    else ipv6({ ...t, text: address }, i);
    const max = afi === 1 ? 32 : 128;
    if (Number(prefixText) > max) throw new RdataError(`number out of range: ${cut(prefixText)} (at most ${max})`, i);
  });
  c.rest();
  return other(tokens);
}

/** NAPTR (RFC 3403 §4.1): order, preference, flags, services, regexp, replacement. */
function naptr(c: Cursor, tokens: readonly RdataToken[]): Rdata {
  c.number(65535); // order
  c.number(65535); // preference
  for (let k = 0; k < 3; k++) {
    const t = c.next();
    if (byteLength(t.text) > 255) throw new RdataError('string too long (over 255 characters)', c.index - 1);
    let bytes: string;
    try {
      bytes = characterString(t);
    } catch (err) {
      throw err instanceof RdataError ? new RdataError(err.message, c.index - 1) : err;
    }
    const problem = k === 2 ? regexpProblem(bytes) : undefined;
    if (problem) throw new RdataError(`bad regexp: ${problem}`, c.index - 1);
  }
  c.name();
  c.done();
  return other(tokens);
}

/**
 * What is wrong with a NAPTR regexp field (RFC 3402 §3.2), checked as BIND's txt_valid_regex
 * does: empty, or `delim ere delim replacement delim flags` with `i` the only flag, a delimiter
 * that is not a digit, `\` or `i`, no `\0`, and back-references no higher than the groups.
 */
function regexpProblem(text: string): string | undefined {
  if (text === '') return undefined;
  const delim = text[0]!;
  if (/[0-9\\i\0]/.test(delim)) return `${quote(delim)} cannot be the delimiter`;
  let part = 0; // 0: the regular expression, 1: the replacement, 2: the flags
  let ere = '';
  let backref = 0;
  for (let i = 1; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\0') return 'NUL in the regexp';
    if (ch === delim) {
      if (part === 2) return 'too many delimiters';
      part++;
      continue;
    }
    if (part === 2) {
      if (ch !== 'i') return `unknown flag ${quote(ch)}`;
      continue;
    }
    if (part === 0) ere += ch;
    if (ch === '\\') {
      const next = text[++i];
      if (next === undefined || next === '\0') return 'trailing backslash';
      if (part === 0) ere += next;
      else if (next === '0') return 'back-reference \\0';
      else if (/[1-9]/.test(next)) backref = Math.max(backref, Number(next));
    }
  }
  if (part < 2) return `expected three ${quote(delim)} delimiters`;
  if (backref > ereGroups(ere)) return `back-reference \\${backref} without that many groups`;
  return undefined;
}

/** The capture groups of a POSIX extended regular expression (brackets read literally). */
function ereGroups(ere: string): number {
  let groups = 0;
  for (let i = 0; i < ere.length; i++) {
    const ch = ere[i];
    if (ch === '\\') i++;
    else if (ch === '(') groups++;
    else if (ch === '[') {
      i++;
      if (ere[i] === '^') i++;
      if (ere[i] === ']') i++;
      while (i < ere.length && ere[i] !== ']') i++;
    }
  }
  return groups;
}

function ds(c: Cursor): Rdata {
  const keyTag = c.number(65535);
  const algorithm = c.algorithm();
  const digestType = c.number(255);
  const digest = c.hex();
  const expected: Record<number, number> = { 1: 40, 2: 64, 4: 96 };
  const length = expected[digestType];
  if (length !== undefined && digest.length !== length) throw new RdataError(`bad digest length: ${digest.length / 2} bytes for digest type ${digestType}`, 3);
  return { kind: 'DS', keyTag, algorithm, digestType, digest };
}

const KEY_FLAGS: Record<string, number> = {
  NOCONF: 0x4000, NOAUTH: 0x8000, NOKEY: 0xc000, FLAG2: 0x2000, EXTEND: 0x1000, FLAG4: 0x0800, FLAG5: 0x0400, USER: 0x0000, ZONE: 0x0100,
  HOST: 0x0200, NTYP3: 0x0300, FLAG8: 0x0080, FLAG9: 0x0040, FLAG10: 0x0020, FLAG11: 0x0010, REVOKE: 0x0080, KSK: 0x0001,
  ...Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`SIG${i}`, i])),
};

function keyFlags(c: Cursor): number {
  const t = c.peek();
  if (t && !/^\d+$/.test(t.text) && t.text.split('|').every((f) => KEY_FLAGS[f.toUpperCase()] !== undefined)) {
    c.next();
    return t.text.split('|').reduce((sum, f) => sum | KEY_FLAGS[f.toUpperCase()]!, 0);
  }
  return c.number(65535);
}

function dnskey(c: Cursor): Rdata {
  const flags = keyFlags(c);
  const protocol = c.number(255);
  const algorithm = c.algorithm();
  const key = c.base64();
  return { kind: 'DNSKEY', flags, protocol, algorithm, key };
}

function tlsa(c: Cursor): Rdata {
  const usage = c.number(255);
  const selector = c.number(255);
  const matchingType = c.number(255);
  const data = c.hex();
  return { kind: 'TLSA', usage, selector, matchingType, data };
}

function eui(c: Cursor, bytes: number): Rdata {
  const t = c.next();
  const pattern = new RegExp(`^[0-9a-fA-F]{2}(-[0-9a-fA-F]{2}){${bytes - 1}}$`);
  if (!pattern.test(t.text)) throw new RdataError(`bad EUI${bytes * 8} address ${quote(t.text)}`, c.index - 1);
  c.done();
  return { kind: 'other', tokens: [t.text] };
}

const SVC_KEYS: Record<string, number> = { mandatory: 0, alpn: 1, 'no-default-alpn': 2, port: 3, ipv4hint: 4, ech: 5, ipv6hint: 6, dohpath: 7, ohttp: 8 };

function svcb(c: Cursor): Rdata {
  const priority = c.number(65535);
  const target = c.name();
  const params = new Map<string, string | undefined>();
  const start = c.index;
  c.rest().forEach((t, i) => {
    const eq = t.text.indexOf('=');
    // Parameter names are lower case (RFC 9460 §2.1): `PORT` is not `port`.
    const key = eq < 0 ? t.text : t.text.slice(0, eq);
    const value = eq < 0 ? undefined : unescapeText(t.text.slice(eq + 1).replace(/^"([^]*)"$/, '$1'));
    if (SVC_KEYS[key] === undefined && !/^key\d{1,5}$/.test(key)) throw new RdataError(`unknown SVCB parameter ${quote(key)}`, start + i);
    if (params.has(key)) throw new RdataError(`duplicate SVCB parameter ${quote(key)}`, start + i);
    if (key === 'port' && !(value && /^\d+$/.test(value) && Number(value) <= 65535)) throw new RdataError('bad SVCB port', start + i);
    if (key === 'ipv4hint' && !(value && value.split(',').every((a) => isIpv4(a)))) throw new RdataError('bad SVCB ipv4hint', start + i);
    if (key === 'ipv6hint' && !(value && value.split(',').every((a) => isIpv6(a)))) throw new RdataError('bad SVCB ipv6hint', start + i);
    if ((key === 'alpn' || key === 'mandatory') && !value) throw new RdataError(`SVCB ${key} needs a value`, start + i);
    if (key === 'alpn' && valueList(value!) === undefined) throw new RdataError('bad SVCB alpn: empty protocol id in the list', start + i);
    if ((key === 'no-default-alpn' || key === 'ohttp') && value !== undefined) throw new RdataError(`SVCB ${key} takes no value`, start + i);
    if ((key === 'ech' || key === 'dohpath') && !value) throw new RdataError(`SVCB ${key} needs a value`, start + i);
    if (key === 'ech' && !/^[A-Za-z0-9+/]+={0,2}$/.test(value!)) throw new RdataError('bad SVCB ech: not one base64 value', start + i);
    if (key === 'ech' && value!.length % 4 !== 0) throw new RdataError('bad SVCB ech: not one base64 value', start + i);
    params.set(key, value);
  });
  if (priority === 0 && params.size > 0) throw new RdataError('SVCB alias form (priority 0) takes no parameters', start);
  const mandatory = params.get('mandatory');
  if (mandatory) {
    for (const key of mandatory.split(',')) {
      if (key === 'mandatory' || !params.has(key.toLowerCase())) throw new RdataError(`SVCB mandatory key ${quote(key)} is missing`, start);
    }
  }
  if (params.has('no-default-alpn') && !params.has('alpn')) throw new RdataError('SVCB no-default-alpn without alpn', start);
  return { kind: 'SVCB', priority, target, params };
}

/** RDATA for `type` from its tokens, names made absolute against `origin`. */
export function parseRdata(type: string, tokens: readonly RdataToken[], origin: string): Rdata {
  if (tokens[0]?.text === '\\#' && !tokens[0].quoted) {
    const c = new Cursor(tokens.slice(1), origin);
    try {
      const length = c.number(65535);
      const hex = length === 0 ? (c.done(), '') : c.hex();
      if (hex.length / 2 !== length) throw new RdataError(`bad unknown-format RDATA length: ${length} declared, ${hex.length / 2} given`, 0);
      // A known type in RFC 3597 form must still be that type's RDATA (RFC 3597 §5).
      const fixed: Record<string, number> = { A: 4, AAAA: 16 };
      if (fixed[type] !== undefined && length !== fixed[type]) throw new RdataError(`bad ${type} RDATA length: ${length} bytes, not ${fixed[type]}`, 0);
      // An APL may list nothing (RFC 3123 §4); every other typed RDATA has fields.
      if (length === 0 && PARSERS[type] && type !== 'APL') throw new RdataError(`empty RDATA is not a valid ${type}`, 0);
      return { kind: 'unknown', hex };
    } catch (err) {
      // The cursor counts from the length; the caller's token indexes count the `\#` too.
      if (err instanceof RdataError && err.token !== undefined) throw new RdataError(err.message, err.token + 1);
      throw err;
    }
  }
  const parser = PARSERS[type];
  const c = new Cursor(tokens, origin);
  if (parser) return parser(c, tokens);
  if (tokens.length === 0 && type !== 'NULL' && type !== 'APL') throw new RdataError('unexpected end of input');
  return { kind: 'other', tokens: tokens.map((t) => t.text) };
}

export function hasTypedParser(type: string): boolean {
  return PARSERS[type] !== undefined;
}

/** An SVCB value-list (RFC 9460 Appendix A.1): items split on commas, `\,` kept in an item. Undefined when an item is empty. */
export function valueList(value: string): string[] | undefined {
  const items: string[] = [];
  let item = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\') {
      if (i + 1 >= value.length) return undefined;
      item += value[++i];
    } else if (c === ',') {
      if (!item) return undefined;
      items.push(item);
      item = '';
    } else item += c;
  }
  if (!item) return undefined;
  items.push(item);
  return items;
}
