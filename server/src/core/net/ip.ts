// IPv4 and IPv6 addresses in text form, read as inet_pton reads them: dotted quads of four
// decimal octets without leading zeros, and RFC 4291 §2.2 IPv6 text (`::` once, an IPv4 tail).
// Hand-written because zone files hold hundreds of thousands of addresses.

/** The address as a 32-bit unsigned number, or undefined when it is not a dotted quad. */
export function ipv4Number(text: string, from = 0, to = text.length): number | undefined {
  let value = 0;
  let octets = 0;
  let i = from;
  while (i < to) {
    const start = i;
    let octet = 0;
    while (i < to) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      octet = octet * 10 + (c - 48);
      i++;
    }
    const digits = i - start;
    // No empty octet, no leading zero (`010` is not 10), nothing over 255.
    if (digits === 0 || digits > 3 || (digits > 1 && text.charCodeAt(start) === 48) || octet > 255) return undefined;
    value = value * 256 + octet;
    octets++;
    if (i === to) break;
    if (text.charCodeAt(i) !== 46 || octets === 4) return undefined;
    i++;
    if (i === to) return undefined;
  }
  return octets === 4 ? value : undefined;
}

export function isIpv4(text: string): boolean {
  return ipv4Number(text) !== undefined;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** The eight 16-bit groups of an IPv6 address, or undefined when the text is not one. */
export function ipv6Groups(text: string): number[] | undefined {
  const len = text.length;
  if (len < 2) return undefined;
  const head: number[] = [];
  const tail: number[] = [];
  let gap = -1; // where `::` stands, as a count of groups before it
  let groups = head;
  let i = 0;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return undefined;
    gap = 0;
    groups = tail;
    i = 2;
    if (i === len) return [0, 0, 0, 0, 0, 0, 0, 0];
  }
  while (i < len) {
    const start = i;
    let value = 0;
    while (i < len) {
      const d = hexDigit(text.charCodeAt(i));
      if (d < 0) break;
      value = value * 16 + d;
      i++;
    }
    const digits = i - start;
    if (i < len && text.charCodeAt(i) === 46) {
      // An IPv4 tail fills the last two groups.
      const v4 = ipv4Number(text, start, len);
      if (v4 === undefined) return undefined;
      groups.push(Math.floor(v4 / 65536), v4 % 65536);
      i = len;
      break;
    }
    if (digits === 0 || digits > 4) return undefined;
    groups.push(value);
    if (i === len) break;
    if (text.charCodeAt(i) !== 58) return undefined;
    i++;
    if (text.charCodeAt(i) === 58) {
      if (gap >= 0) return undefined;
      gap = head.length;
      groups = tail;
      i++;
      if (i === len) break;
    } else if (i === len) return undefined;
  }
  const total = head.length + tail.length;
  if (gap < 0) return total === 8 ? head : undefined;
  // `::` stands for at least one group of zeros.
  if (total > 7) return undefined;
  return [...head, ...new Array<number>(8 - total).fill(0), ...tail];
}

export function isIpv6(text: string): boolean {
  return ipv6Groups(text) !== undefined;
}
