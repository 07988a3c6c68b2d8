import { fold, type Folded } from './transliterate';

/*
 * GSM 03.38 (3GPP TS 23.038) default alphabet. The basic table's 128 positions hold 127 characters and the
 * escape (0x1B) that introduces the extension table; a character from the extension table costs two septets
 * (escape + code). Notably absent from both: the backtick, and most accented capitals.
 */
const BASIC_TABLE =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENSION_TABLE = '\f^{}\\[~]|€';

const BASIC: ReadonlySet<string> = new Set([...BASIC_TABLE].filter((ch) => ch !== '\u001b'));
const EXTENSION: ReadonlySet<string> = new Set(EXTENSION_TABLE);

export const GSM7_BASIC_SIZE = BASIC.size;

/** True when `ch` (one code point) can be sent in GSM-7, from either table. */
export const isGsm7Char = (ch: string): boolean => BASIC.has(ch) || EXTENSION.has(ch);

/**
 * The number of septets `text` takes in GSM-7 (extension characters count 2), or undefined when any character
 * is outside the GSM-7 alphabet, in which case the message goes out as UCS-2.
 */
export const gsm7Length = (text: string): number | undefined => {
  let septets = 0;
  for (const ch of text) {
    if (BASIC.has(ch)) septets += 1;
    else if (EXTENSION.has(ch)) septets += 2;
    else return undefined;
  }
  return septets;
};

/** `text` rewritten into the GSM-7 alphabet (see transliterate's `fold`), with how much was lost. */
export const toGsm7 = (text: string): Folded => fold(text, isGsm7Char);
