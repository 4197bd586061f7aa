// A tiny DER reader for the few certificate fields Node's X509Certificate does not expose: the
// outer signature algorithm (Node 20 has no `signatureAlgorithm`) and the validity as exact
// instants rather than OpenSSL's printed dates. It reads structure only; Node checks the rest.

/** A structural problem in the DER, worded for a person. */
export class DerError extends Error {}

/** One type-length-value element: offsets into the buffer it was read from. */
export interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly contentStart: number;
  readonly end: number;
}

const SEQUENCE = 0x30;
const OBJECT_IDENTIFIER = 0x06;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const UTC_TIME = 0x17;
const GENERALIZED_TIME = 0x18;
const CONTEXT_0 = 0xa0;

/** Reads the element at `offset`, which must end by `limit`; definite lengths only, as DER requires. */
export function readTlv(der: Uint8Array, offset: number, limit: number): Tlv {
  if (offset + 2 > limit) throw new DerError(`the data ends at byte ${offset} where another field should start`);
  const tag = der[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError(`byte ${offset} holds a multi-byte tag, which no certificate field uses`);
  const first = der[offset + 1]!;
  let length: number;
  let contentStart: number;
  if (first < 0x80) {
    length = first;
    contentStart = offset + 2;
  } else {
    const count = first & 0x7f;
    // An indefinite length (0x80) is BER, not DER; more than four length bytes is no real certificate.
    if (count === 0 || count > 4) throw new DerError(`the field at byte ${offset} has an invalid length`);
    if (offset + 2 + count > limit) throw new DerError(`the length of the field at byte ${offset} runs past the data`);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[offset + 2 + i]!;
    contentStart = offset + 2 + count;
  }
  const end = contentStart + length;
  if (end > limit) throw new DerError(`the field at byte ${offset} claims ${length} bytes, more than the data holds`);
  return { tag, start: offset, contentStart, end };
}

function expect(der: Uint8Array, offset: number, limit: number, tag: number, what: string): Tlv {
  const tlv = readTlv(der, offset, limit);
  if (tlv.tag !== tag) throw new DerError(`expected ${what} at byte ${offset}, found tag 0x${tlv.tag.toString(16).padStart(2, '0')}`);
  return tlv;
}

/** The dotted form of an OBJECT IDENTIFIER's content. */
export function decodeOid(content: Uint8Array): string {
  if (content.length === 0) throw new DerError('an object identifier is empty');
  const arcs: number[] = [];
  let value = 0;
  for (let i = 0; i < content.length; i++) {
    const byte = content[i]!;
    value = value * 128 + (byte & 0x7f);
    if (byte & 0x80) continue;
    arcs.push(value);
    value = 0;
  }
  if (content[content.length - 1]! & 0x80) throw new DerError('an object identifier is cut short');
  const head = arcs[0]!;
  // The first sub-identifier packs the first two arcs: 40 * first + second, with first at most 2.
  const first = head < 40 ? 0 : head < 80 ? 1 : 2;
  return [first, head - first * 40, ...arcs.slice(1)].join('.');
}

const UTC = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/;
const GENERALIZED = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/;

/** A UTCTime or GeneralizedTime as an instant; RFC 5280 §4.1.2.5 maps two-digit years 50–99 to 19xx. */
export function decodeTime(tag: number, content: Uint8Array): Date {
  const text = String.fromCharCode(...content);
  let parts: number[];
  if (tag === UTC_TIME) {
    const m = UTC.exec(text);
    if (!m) throw new DerError(`'${text}' is not a UTC time`);
    const yy = Number(m[1]);
    parts = [yy >= 50 ? 1900 + yy : 2000 + yy, ...m.slice(2, 6).map(Number), Number(m[6] ?? 0)];
  } else if (tag === GENERALIZED_TIME) {
    const m = GENERALIZED.exec(text);
    if (!m) throw new DerError(`'${text}' is not a generalized time`);
    parts = m.slice(1, 7).map(Number);
  } else {
    throw new DerError(`expected a time, found tag 0x${tag.toString(16)}`);
  }
  const [year, month, day, hour, minute, second] = parts as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 31 February over into March: a date that does not round-trip is not a date.
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw new DerError(`'${text}' is not a valid time`);
  }
  return date;
}

/** The hash a signature algorithm uses; undefined for algorithms that name none (Ed25519 hashes internally). */
export type SignatureHash = 'md2' | 'md4' | 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

export interface SignatureAlgorithm {
  /** The dotted OID from the certificate. */
  readonly oid: string;
  /** The usual name (`sha256WithRSAEncryption`), or the OID when it is not a common one. */
  readonly name: string;
  readonly hash?: SignatureHash;
}

const SIGNATURE_ALGORITHMS: Record<string, { name: string; hash?: SignatureHash }> = {
  '1.2.840.113549.1.1.2': { name: 'md2WithRSAEncryption', hash: 'md2' },
  '1.2.840.113549.1.1.3': { name: 'md4WithRSAEncryption', hash: 'md4' },
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'md5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1' },
  '1.3.14.3.2.29': { name: 'sha1WithRSASignature', hash: 'sha1' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', hash: 'sha224' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512' },
  '1.2.840.113549.1.1.10': { name: 'RSASSA-PSS' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', hash: 'sha224' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512' },
  '1.2.840.10040.4.3': { name: 'dsa-with-SHA1', hash: 'sha1' },
  '2.16.840.1.101.3.4.3.2': { name: 'dsa-with-SHA256', hash: 'sha256' },
  '1.3.101.112': { name: 'Ed25519' },
  '1.3.101.113': { name: 'Ed448' },
};

const HASH_OIDS: Record<string, SignatureHash> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/**
 * RSASSA-PSS names its hash in its parameters (RFC 4055 §3.1); when the `[0] hashAlgorithm` field
 * is left out the hash is SHA-1, which is exactly the case worth noticing.
 */
function pssHash(der: Uint8Array, algorithm: Tlv, oidEnd: number): SignatureHash | undefined {
  if (oidEnd >= algorithm.end) return 'sha1';
  const params = readTlv(der, oidEnd, algorithm.end);
  if (params.tag !== SEQUENCE) return undefined;
  if (params.contentStart >= params.end) return 'sha1';
  const first = readTlv(der, params.contentStart, params.end);
  if (first.tag !== CONTEXT_0) return 'sha1';
  const hashAlg = expect(der, first.contentStart, first.end, SEQUENCE, 'a hash algorithm');
  const oid = expect(der, hashAlg.contentStart, hashAlg.end, OBJECT_IDENTIFIER, 'a hash OID');
  return HASH_OIDS[decodeOid(der.subarray(oid.contentStart, oid.end))];
}

function signatureAlgorithm(der: Uint8Array, algorithm: Tlv): SignatureAlgorithm {
  const oidTlv = expect(der, algorithm.contentStart, algorithm.end, OBJECT_IDENTIFIER, 'the signature algorithm OID');
  const oid = decodeOid(der.subarray(oidTlv.contentStart, oidTlv.end));
  const known = SIGNATURE_ALGORITHMS[oid];
  if (!known) return { oid, name: oid };
  const hash = oid === '1.2.840.113549.1.1.10' ? pssHash(der, algorithm, oidTlv.end) : known.hash;
  return { oid, name: known.name, ...(hash ? { hash } : {}) };
}

/** What the DER says that Node does not tell, read from `Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signature }`. */
export interface CertificateDer {
  readonly signatureAlgorithm: SignatureAlgorithm;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** Reads a certificate's outer structure; throws DerError when it is not one, including trailing bytes. */
export function readCertificateDer(der: Uint8Array): CertificateDer {
  const outer = expect(der, 0, der.length, SEQUENCE, 'a certificate (SEQUENCE)');
  if (outer.end !== der.length) throw new DerError(`${der.length - outer.end} bytes follow the certificate`);
  const tbs = expect(der, outer.contentStart, outer.end, SEQUENCE, 'the to-be-signed certificate');
  const algorithm = expect(der, tbs.end, outer.end, SEQUENCE, 'the signature algorithm');
  const signature = expect(der, algorithm.end, outer.end, BIT_STRING, 'the signature');
  if (signature.end !== outer.end) throw new DerError('the certificate holds more than its three fields');

  // TBSCertificate: [0] version (optional), serialNumber, signature, issuer, validity, …
  let at = tbs.contentStart;
  const version = readTlv(der, at, tbs.end);
  if (version.tag === CONTEXT_0) at = version.end;
  at = expect(der, at, tbs.end, INTEGER, 'the serial number').end;
  at = expect(der, at, tbs.end, SEQUENCE, 'the inner signature algorithm').end;
  at = expect(der, at, tbs.end, SEQUENCE, 'the issuer name').end;
  const validity = expect(der, at, tbs.end, SEQUENCE, 'the validity');
  const notBefore = readTlv(der, validity.contentStart, validity.end);
  const notAfter = readTlv(der, notBefore.end, validity.end);
  return {
    signatureAlgorithm: signatureAlgorithm(der, algorithm),
    notBefore: decodeTime(notBefore.tag, der.subarray(notBefore.contentStart, notBefore.end)),
    notAfter: decodeTime(notAfter.tag, der.subarray(notAfter.contentStart, notAfter.end)),
  };
}
