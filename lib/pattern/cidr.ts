import { PatternError } from '../errors';

/** An inclusive address range; IPv6 addresses are four big-endian 32-bit words. */
export type IpRange =
  | { readonly family: 4; readonly lo: number; readonly hi: number }
  | { readonly family: 6; readonly lo: Uint32Array; readonly hi: Uint32Array };

// The event-side parse runs on every candidate string: it writes here instead of allocating a result.
const groups = new Uint16Array(8);
const v6 = new Uint32Array(4);
let v4 = 0;

const enum Family {
  None = 0,
  V4 = 4,
  V6 = 6,
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Four dotted decimal octets. Leading zeros are refused because the JDK event-ruler runs on rejects such
 * "ambiguous" literals (they could be octal), so they never count as IP addresses.
 */
function parseV4(s: string): boolean {
  const n = s.length;
  let value = 0;
  let part = 0;
  let digits = 0;
  let octet = 0;
  let leadingZero = false;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? s.charCodeAt(i) : 46;
    if (c >= 48 && c <= 57) {
      if (digits === 0) leadingZero = c === 48;
      else if (leadingZero) return false;
      octet = octet * 10 + (c - 48);
      if (++digits > 3) return false;
    } else if (c === 46) {
      if (digits === 0 || octet > 255) return false;
      value = value * 256 + octet;
      part++;
      digits = 0;
      octet = 0;
      if (part > 4) return false;
    } else {
      return false;
    }
  }
  if (part !== 4) return false;
  v4 = value;
  return true;
}

/** Hex groups and colons only: event-ruler's regex keeps dotted-quad tails and zone ids out of IPv6. */
function parseV6(s: string): boolean {
  const n = s.length;
  if (n < 2) return false;
  let i = 0;
  let count = 0;
  let gap = -1;
  if (s.charCodeAt(0) === 58) {
    if (s.charCodeAt(1) !== 58) return false;
    gap = 0;
    i = 2;
  }
  while (i < n) {
    let value = 0;
    let digits = 0;
    for (; i < n; i++) {
      const h = hexValue(s.charCodeAt(i));
      if (h < 0) break;
      value = value * 16 + h;
      if (++digits > 4) return false;
    }
    if (digits === 0 || count === 8) return false;
    groups[count++] = value;
    if (i === n) break;
    if (s.charCodeAt(i) !== 58) return false;
    i++;
    if (i < n && s.charCodeAt(i) === 58) {
      if (gap !== -1) return false;
      gap = count;
      i++;
    } else if (i === n) {
      return false;
    }
  }
  if (gap === -1) {
    if (count !== 8) return false;
  } else {
    // Like the JDK, "::" must stand for at least one group.
    if (count === 8) return false;
    const tail = count - gap;
    for (let k = 0; k < tail; k++) groups[7 - k] = groups[count - 1 - k] ?? 0;
    for (let k = gap; k < 8 - tail; k++) groups[k] = 0;
  }
  for (let k = 0; k < 4; k++) v6[k] = (((groups[2 * k] ?? 0) << 16) | (groups[2 * k + 1] ?? 0)) >>> 0;
  return true;
}

/** Parses into the module scratch; IPv4-mapped IPv6 becomes IPv4, as the JDK's address parser does. */
function parseIp(s: string): Family {
  const first = s.charCodeAt(0);
  if (first >= 48 && first <= 57 && parseV4(s)) return Family.V4;
  if (!parseV6(s)) return Family.None;
  if (v6[0] === 0 && v6[1] === 0 && v6[2] === 0xffff) {
    v4 = v6[3] ?? 0;
    return Family.V4;
  }
  return Family.V6;
}

/**
 * The last event string IpMatcher parsed and what it parsed to (in the scratch above): the cidr leaves of many
 * patterns test the same sourceIPAddress one after another, and it is parsed once for all of them. Any other parse
 * overwrites the scratch, so it forgets the string.
 */
let lastText: string | null = null;
let lastFamily = Family.None;

function parseEventIp(s: string): Family {
  if (s !== lastText) {
    lastFamily = parseIp(s);
    lastText = s;
  }
  return lastFamily;
}

function inV6(lo: Uint32Array, hi: Uint32Array): boolean {
  for (let k = 0; k < 4; k++) {
    const w = v6[k] ?? 0;
    const l = lo[k] ?? 0;
    if (w !== l) {
      if (w < l) return false;
      break;
    }
  }
  for (let k = 0; k < 4; k++) {
    const w = v6[k] ?? 0;
    const h = hi[k] ?? 0;
    if (w !== h) return w < h;
  }
  return true;
}

/** All of a leaf's address ranges, so an event string is parsed once however many ranges there are. */
export class IpMatcher {
  private readonly v4Lo: number[] = [];
  private readonly v4Hi: number[] = [];
  private readonly v6Ranges: Array<IpRange & { family: 6 }> = [];

  public add(range: IpRange): void {
    if (range.family === 4) {
      this.v4Lo.push(range.lo);
      this.v4Hi.push(range.hi);
    } else {
      this.v6Ranges.push(range);
    }
  }

  public test(s: string): boolean {
    const family = parseEventIp(s);
    if (family === Family.V4) {
      for (let i = 0; i < this.v4Lo.length; i++) {
        if (v4 >= (this.v4Lo[i] ?? 0) && v4 <= (this.v4Hi[i] ?? -1)) return true;
      }
    } else if (family === Family.V6) {
      for (const r of this.v6Ranges) if (inV6(r.lo, r.hi)) return true;
    }
    return false;
  }
}

/** A pattern string that is an IP address literal matches that address in any textual form (event-ruler). */
export function ipLiteralRange(text: string): IpRange | null {
  lastText = null;
  const family = parseIp(text);
  if (family === Family.V4) return { family: 4, lo: v4, hi: v4 };
  if (family === Family.V6) return { family: 6, lo: v6.slice(), hi: v6.slice() };
  return null;
}

const MASK_BITS = /^[+-]?[0-9]+$/;

/**
 * event-ruler's CIDR: the range runs from the address as written (not masked down, so 10.0.0.1/24 starts at
 * 10.0.0.1) to that address with every host bit set; /32 (IPv4) and /128 (IPv6) are refused.
 */
export function parseCidr(text: string, path: string): IpRange {
  const parts = text.split('/');
  // Java's String.split drops trailing empty strings, so "10.0.0.0/24/" has two parts there.
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  const [address = '', maskText = ''] = parts;
  if (parts.length !== 2) throw new PatternError(path, `malformed CIDR "${text}": exactly one "/" is required`);
  if (!MASK_BITS.test(maskText) || Number(maskText) > 2147483647) {
    throw new PatternError(path, `malformed CIDR "${text}": the mask bits must be an integer`);
  }
  const mask = Number(maskText);
  lastText = null;
  if (mask < 0) throw new PatternError(path, `malformed CIDR "${text}": the mask bits must not be negative`);
  const family = address.length > 0 ? parseIp(address) : Family.None;
  if (family === Family.None) throw new PatternError(path, `malformed CIDR "${text}": "${address}" is not an IP address`);
  if (family === Family.V4) {
    if (mask > 31) throw new PatternError(path, `IPv4 CIDR mask must be between 0 and 31, got ${mask}`);
    const hostMask = 2 ** (32 - mask) - 1;
    return { family: 4, lo: v4, hi: (v4 | hostMask) >>> 0 };
  }
  if (mask > 127) throw new PatternError(path, `IPv6 CIDR mask must be between 0 and 127, got ${mask}`);
  const lo = v6.slice();
  const hi = v6.slice();
  const hostBits = 128 - mask;
  for (let k = 0; k < 4; k++) {
    const bits = Math.min(32, Math.max(0, hostBits - 32 * (3 - k)));
    hi[k] = ((lo[k] ?? 0) | (2 ** bits - 1)) >>> 0;
  }
  return { family: 6, lo, hi };
}
