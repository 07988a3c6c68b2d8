// C0/C1 controls, DEL, and the Unicode bidi/format characters that can reorder or hide text (Trojan Source).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

/**
 * Makes an attacker-controlled value (any field copied from a CloudTrail record) safe to show a person:
 * control and bidi characters become spaces, runs of whitespace collapse, and the result is capped at `max`
 * characters with an ellipsis. Never splits a surrogate pair.
 */
export const clean = (value: unknown, max = 200): string => {
  const text = (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value))
    .replace(UNSAFE, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= max) return text;
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${text.slice(0, cut)}…`;
};
