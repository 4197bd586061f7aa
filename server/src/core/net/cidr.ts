// CIDR blocks as EC2 writes them (`10.0.0.0/16`, `2001:db8::/56`): parsing, alignment, containment,
// overlap and the subdivision `Fn::Cidr` performs. IPv4 addresses are numbers (they fit exactly in a
// double); IPv6 addresses are bigints, since 128 bits do not.
import { ipv4Number, ipv6Groups } from './ip';

export interface Cidr4 {
  readonly version: 4;
  readonly address: number;
  readonly prefix: number;
}

export interface Cidr6 {
  readonly version: 6;
  readonly address: bigint;
  readonly prefix: number;
}

export type Cidr = Cidr4 | Cidr6;

/** A prefix length in decimal without a leading zero: `/8`, `/0`, never `/08` or `/+8`. */
const PREFIX = /^(0|[1-9][0-9]{0,2})$/;

/** The block, or undefined when the text is not an address, a slash and a prefix length in range. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const length = text.slice(slash + 1);
  if (!PREFIX.test(length)) return undefined;
  const prefix = Number(length);
  const v4 = ipv4Number(text, 0, slash);
  if (v4 !== undefined) return prefix <= 32 ? { version: 4, address: v4, prefix } : undefined;
  const groups = ipv6Groups(text.slice(0, slash));
  if (!groups || prefix > 128) return undefined;
  let address = 0n;
  for (const group of groups) address = (address << 16n) | BigInt(group);
  return { version: 6, address, prefix };
}

export function addressBits(cidr: Cidr): 32 | 128 {
  return cidr.version === 4 ? 32 : 128;
}

/** The first address of the block of `prefix` bits that holds the block's address. */
function floorTo(cidr: Cidr, prefix: number): number | bigint {
  if (cidr.version === 4) {
    const size = 2 ** (32 - prefix);
    return cidr.address - (cidr.address % size);
  }
  const size = 1n << BigInt(128 - prefix);
  return cidr.address - (cidr.address % size);
}

/** The aligned network: host bits cleared (`10.0.0.196/26` gives `10.0.0.192/26`). */
export function networkOf(cidr: Cidr): Cidr {
  return cidr.version === 4
    ? { version: 4, address: floorTo(cidr, cidr.prefix) as number, prefix: cidr.prefix }
    : { version: 6, address: floorTo(cidr, cidr.prefix) as bigint, prefix: cidr.prefix };
}

/** True when no host bit is set, which EC2 requires of VPC and subnet blocks. */
export function isAligned(cidr: Cidr): boolean {
  return floorTo(cidr, cidr.prefix) === cidr.address;
}

/** A /0 block: every address of its family. */
export function isWorld(cidr: Cidr): boolean {
  return cidr.prefix === 0;
}

/** True when every address of `inner` is in `outer` (read as its aligned network); never across families. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  if (outer.version !== inner.version || outer.prefix > inner.prefix) return false;
  return floorTo(inner, outer.prefix) === floorTo(outer, outer.prefix);
}

/** True when the two blocks share an address; an IPv4 and an IPv6 block never do. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  if (a.version !== b.version) return false;
  const prefix = Math.min(a.prefix, b.prefix);
  return floorTo(a, prefix) === floorTo(b, prefix);
}

export function sameBlock(a: Cidr, b: Cidr): boolean {
  return a.version === b.version && a.prefix === b.prefix && a.address === b.address;
}

function formatV4(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

/** RFC 5952 text: lower-case hex, no leading zeros, the longest run of two or more zero groups as `::`. */
function formatV6(address: bigint): string {
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((address >> shift) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

export function formatCidr(cidr: Cidr): string {
  const address = cidr.version === 4 ? formatV4(cidr.address) : formatV6(cidr.address);
  return `${address}/${cidr.prefix}`;
}

/** The most blocks one `Fn::Cidr` call returns. */
const MAX_CIDR_COUNT = 256;

/**
 * What `Fn::Cidr [block, count, hostBits]` returns: `count` blocks of `hostBits` host bits each, in
 * order from the start of `block`. Undefined when CloudFormation would reject the call: a count out
 * of 1–256, blocks larger than `block`, or more blocks than fit in it.
 */
export function cidrSubnets(block: Cidr, count: number, hostBits: number): Cidr[] | undefined {
  const bits = addressBits(block);
  const prefix = bits - hostBits;
  if (!Number.isInteger(count) || !Number.isInteger(hostBits) || count < 1 || count > MAX_CIDR_COUNT) return undefined;
  if (hostBits < 0 || prefix < block.prefix) return undefined;
  // Compare in bigints: for IPv6 the number of blocks that fit can exceed any double.
  if (BigInt(count) > 1n << BigInt(prefix - block.prefix)) return undefined;
  const out: Cidr[] = [];
  if (block.version === 4) {
    const start = floorTo(block, block.prefix) as number;
    for (let i = 0; i < count; i++) out.push({ version: 4, address: start + i * 2 ** hostBits, prefix });
  } else {
    const start = floorTo(block, block.prefix) as bigint;
    for (let i = 0; i < count; i++) out.push({ version: 6, address: start + (BigInt(i) << BigInt(hostBits)), prefix });
  }
  return out;
}
