import { str } from '../cloudtrail/record';

/*
 * IP protocols as security-group rules name them: `tcp`, `udp`, `icmp`, `icmpv6`, `-1`/`all` or a number 0-255,
 * written as names or numbers, strings or JSON numbers, in any case, depending on the caller and the SDK.
 */

/** Protocol text EC2's RevokeSecurityGroupIngress and ModifySecurityGroupRules accept (and commands may print). */
export const IP_PROTOCOL = /^(-1|tcp|udp|icmp|icmpv6|\d{1,3})$/;

export type Protocol =
  | { readonly kind: 'all' }
  | { readonly kind: 'tcp' | 'udp' }
  | { readonly kind: 'icmp' }
  | { readonly kind: 'other'; readonly number: number }
  | { readonly kind: 'unknown' };

/** Protocol name or number as written (`tcp`, `"6"`, 6, `-1`, `all`); case and surrounding blanks do not matter. */
export const protocolTextOf = (value: unknown): string | undefined => {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : undefined;
  const text = str(value)?.trim().toLowerCase();
  return text === '' ? undefined : text;
};

export const parseProtocol = (text: string | undefined): Protocol => {
  switch (text) {
    case undefined:
      return { kind: 'unknown' };
    case '-1':
    case 'all':
      return { kind: 'all' };
    case 'tcp':
    case '6':
      return { kind: 'tcp' };
    case 'udp':
    case '17':
      return { kind: 'udp' };
    case 'icmp':
    case '1':
    case 'icmpv6':
    case '58':
      return { kind: 'icmp' };
    default: {
      const number = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
      return number <= 255 ? { kind: 'other', number } : { kind: 'unknown' };
    }
  }
};

/** How a protocol reads in an alert. */
export const protocolName = (protocol: Protocol, text: string | undefined): string => {
  switch (protocol.kind) {
    case 'all':
      return 'all traffic';
    case 'tcp':
    case 'udp':
      return protocol.kind;
    case 'icmp':
      return text ?? 'icmp';
    case 'other':
      return `protocol ${protocol.number}`;
    case 'unknown':
      return text === undefined ? 'an unnamed protocol' : `unknown protocol "${text.slice(0, 16)}"`;
  }
};

/** One key per protocol, names and numbers folded (`6` is tcp). */
export const protocolKey = (protocol: Protocol): string => (protocol.kind === 'other' ? `other:${protocol.number}` : protocol.kind);
