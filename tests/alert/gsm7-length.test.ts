import { GSM7_BASIC_SIZE, gsm7Length, isGsm7Char, toGsm7 } from '../../lib/alert/gsm7';

describe('GSM-7 detection and length', () => {
  test('the basic table holds 127 characters besides the escape', () => {
    // Assess
    expect(GSM7_BASIC_SIZE).toBe(127);
  });

  test('basic-table characters count one septet each, including £ ¥ è Δ and the ¤ at 0x24', () => {
    // Act / Assess
    expect(gsm7Length('')).toBe(0);
    expect(gsm7Length('CRITICAL sg-open-ingress: sg-0abc by alice')).toBe(42);
    const accented = '£¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà@$';
    expect(gsm7Length(accented)).toBe([...accented].length);
    expect(gsm7Length('line\nbreak\r')).toBe(11);
  });

  test('extension characters ^ { } \\ [ ~ ] | € and form feed count two septets', () => {
    // Act / Assess
    for (const ch of ['^', '{', '}', '\\', '[', '~', ']', '|', '€', '\f']) {
      expect(gsm7Length(ch)).toBe(2);
    }
    // [ prod ] space ~ 5 €
    expect(gsm7Length('[prod] ~5€')).toBe(2 + 4 + 2 + 1 + 2 + 1 + 2);
  });

  test('anything outside both tables makes the text non-GSM (undefined)', () => {
    // Act / Assess
    for (const text of ['`backtick`', 'naïve', 'Ä is fine but Â is not', '“quoted”', 'emoji 😀', 'Алиса', '𝒜', '\u202e', '\t']) {
      expect(gsm7Length(text)).toBeUndefined();
    }
    expect(isGsm7Char('Ä')).toBe(true);
    expect(isGsm7Char('Â')).toBe(false);
  });

  test('transliteration folds accents, typographic punctuation and the backtick; drops emoji; other scripts become ?', () => {
    // Act
    const folded = toGsm7('José “Ñoño” — naïve `x` Œuvre 😀 Łukasz… Алиса');

    // Assess
    expect(folded.text).toBe("José \"Ñoño\" - naive 'x' OEuvre  Lukasz... ?????");
    expect(gsm7Length(folded.text)).toBeDefined();
    expect(folded.lost).toBe(5);
  });
});
