import { fitParts, type FitPart } from './fit';
import { gsm7Length, toGsm7 } from './gsm7';

/** One SMS segment: 140 bytes, i.e. 160 GSM-7 septets or 70 UCS-2 (UTF-16) units. */
export const SMS_GSM7_LIMIT = 160;
export const SMS_UCS2_LIMIT = 70;

/**
 * The alert topic's DisplayName (serverless.yml; a deploy test keeps the two equal). Email clients show it as the
 * sender; SNS also prepends it to every SMS, upper-cased and followed by "> ", so that prefix is reserved out of
 * the one segment.
 */
export const ALERT_TOPIC_DISPLAY_NAME = 'trailguard';
export const SMS_DISPLAY_PREFIX = `${ALERT_TOPIC_DISPLAY_NAME.toUpperCase()}> `;

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsLength {
  readonly encoding: SmsEncoding;
  /** Septets for GSM-7, UTF-16 units for UCS-2 (an astral character such as an emoji takes two). */
  readonly length: number;
  readonly limit: number;
}

/** How a carrier will encode `text` and how much of one segment it takes. */
export const smsLength = (text: string): SmsLength => {
  const septets = gsm7Length(text);
  return septets === undefined
    ? { encoding: 'UCS-2', length: text.length, limit: SMS_UCS2_LIMIT }
    : { encoding: 'GSM-7', length: septets, limit: SMS_GSM7_LIMIT };
};

/** True when `text`, after `reserve` characters SNS adds (the topic display name), fits one segment. */
export const fitsOneSegment = (text: string, reserve = 0): boolean => {
  const { length, limit } = smsLength(text);
  return length + reserve <= limit;
};

export interface SmsPart extends FitPart {
  /**
   * Text copied from the record (a name, a resource id). Only such parts may move the message to UCS-2, and only
   * when they are mostly in a script GSM-7 cannot carry.
   */
  readonly untrusted?: boolean;
}

export interface SmsOptions {
  /**
   * Characters SNS puts in front of the body: a topic's DisplayName, upper-cased, plus "> " (e.g. 12 for
   * "TRAILGUARD> "). 0 for a topic without a display name.
   */
  readonly reserve?: number;
}

// Symbols and pictographs spend UCS-2 units (two for an emoji) and carry nothing the reader needs.
const NOT_WORDS = /[\p{S}\p{Co}\p{Cn}\p{Cs}]/gu;

/**
 * A part is worth UCS-2 only when most of its letters would otherwise become `?`: a name written in Cyrillic,
 * Greek or CJK script. Accents, typographic quotes and emoji fold or drop without losing meaning.
 */
const needsUnicode = (part: SmsPart): boolean => {
  if (!part.untrusted) return false;
  const { letters, lost } = toGsm7(part.text);
  return lost >= 2 && lost * 2 > letters;
};

const GSM7_MEASURE = (text: string): number => gsm7Length(text) ?? Number.POSITIVE_INFINITY;
const UCS2_MEASURE = (text: string): number => text.length;

/**
 * One SMS segment from parts in value order. The encoding decision:
 * - Every part is first transliterated to GSM-7 (accents stripped, quotes and dashes folded, emoji dropped, other
 *   scripts to `?`), so the message keeps the 160-septet budget. Real CloudTrail names and ids (IAM user and
 *   role session names, resource ids, account ids) are ASCII, so this is the path alerts take.
 * - Only when an untrusted part is mostly in another script (at least two letters, and more than half of them,
 *   would become `?`) is the message sent as UCS-2 within 70 units, keeping that text readable; symbols and
 *   emoji are still dropped. If fitting then drops that part anyway, the GSM-7 version is used instead.
 * - Never exceeds the budget: the lowest-value parts are shortened, then dropped, first.
 */
export const fitSms = (parts: readonly SmsPart[], options: SmsOptions = {}): string => {
  const reserve = Math.max(0, options.reserve ?? 0);
  const gsmParts = parts.map((part) => ({ ...part, text: toGsm7(part.text).text.replace(/\s+/g, ' ').trim() }));
  const gsm = fitParts(gsmParts, { budget: SMS_GSM7_LIMIT - reserve, measure: GSM7_MEASURE, ellipsis: '...' });
  if (!parts.some(needsUnicode)) return gsm;

  const unicodeParts = parts.map((part) => ({ ...part, text: part.text.replace(NOT_WORDS, '').replace(/\s+/g, ' ').trim() }));
  const unicode = fitParts(unicodeParts, { budget: SMS_UCS2_LIMIT - reserve, measure: UCS2_MEASURE, ellipsis: '…' });
  // UCS-2 only pays off if the text that needed it survived the fitting (the ellipsis alone does not count).
  return gsm7Length(unicode.replaceAll('…', '')) === undefined ? unicode : gsm;
};
