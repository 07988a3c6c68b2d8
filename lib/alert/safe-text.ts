import { clean } from '../text';

// Invisible characters lib/text's clean() leaves in place but that can hide or smuggle text in an alert: soft
// hyphen, combining grapheme joiner, Hangul fillers, Mongolian vowel separator, variation selectors, and the
// noncharacters U+FFFE/U+FFFF.
const INVISIBLE = /[\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u3164\ufe00-\ufe0f\uffa0\ufffe\uffff]/g;
// Unicode tag characters (U+E0000–E007F) carry hidden ASCII ("ASCII smuggling"); supplementary variation
// selectors are invisible too.
const ASTRAL_INVISIBLE = /[\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}]/gu;
// A surrogate without its pair is not text: SNS rejects a message that is not valid UTF-8, so one lone surrogate
// in an attacker's user agent would cost us the whole alert.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** What an alert shows for a value that cannot be turned into text: the alert goes out without it. */
export const UNREADABLE = '[unreadable]';

/**
 * Text of any value without ever throwing. Parsed JSON alone can hold an object String() cannot convert
 * (`{"toString": 1}`), and a rule may hand over objects with throwing getters or conversions: the field is then
 * marked UNREADABLE rather than costing the whole alert.
 */
export const safeString = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  try {
    const text = String(value);
    return typeof text === 'string' ? text : UNREADABLE;
  } catch {
    return UNREADABLE;
  }
};

/**
 * lib/text's clean() plus the invisible and unencodable characters above: the one gate every record-derived value
 * passes before it reaches an alert body, subject or SMS. One line, at most `max` UTF-16 units.
 */
export const safeField = (value: unknown, max: number): string => {
  const raw = safeString(value);
  return clean(raw.replace(ASTRAL_INVISIBLE, '').replace(INVISIBLE, '').replace(LONE_SURROGATE, ''), max);
};

/** Compact JSON of an untrusted value for a one-line field; never throws (cycles, BigInt). */
export const safeJson = (value: unknown, max: number): string => {
  let json: string | undefined;
  try {
    json = JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
  } catch {
    json = UNREADABLE;
  }
  return safeField(json ?? '', max);
};

/** Per-field caps (UTF-16 units) for values copied from the record or derived from it. */
export const CAPS = {
  arn: 256,
  id: 128,
  name: 128,
  ip: 64,
  region: 32,
  userAgent: 512,
  summary: 1000,
  factLabel: 60,
  factValue: 500,
  resource: 256,
  error: 1000,
  errorMessage: 500,
  request: 2000,
  detail: 1500,
  undo: 2000,
  exception: 300,
  /** Trusted rule text still passes the gate, with room to breathe. */
  ruleText: 2000,
} as const;
