import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { cutToWidth, displayWidth, graphemes, padEndWidth, padStartWidth, wrapToWidth } from './displayWidth.js';

const FAMILY = '👩‍👩‍👧';

describe('display width', () => {
  it('counts terminal columns, not UTF-16 units', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('日本語')).toBe(6);
    expect(displayWidth('😀')).toBe(2);
    expect(displayWidth(FAMILY)).toBe(2);
    expect(displayWidth('e\u0301')).toBe(1);
  });

  it('cuts between graphemes with an ellipsis: no lone surrogate, no half a ZWJ sequence', () => {
    const cut = cutToWidth('ab😀😀😀', 5);
    expect(cut).toBe('ab😀…');
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(Buffer.from(cut, 'utf8').toString('utf8')).not.toContain('\uFFFD');
    expect(cutToWidth(`x${FAMILY}${FAMILY}`, 4)).toBe(`x${FAMILY}…`);
    expect(cutToWidth(`${FAMILY}${FAMILY}`, 2)).toBe('…');
    expect(cutToWidth('日本語の名前', 7)).toBe('日本語…');
    expect(displayWidth(cutToWidth('日本語の名前', 6))).toBeLessThanOrEqual(6);
    expect(cutToWidth('short', 5)).toBe('short');
    expect(cutToWidth('abc', 0)).toBe('');
  });

  it('pads to columns', () => {
    expect(padEndWidth('日本', 6)).toBe('日本  ');
    expect(padStartWidth('😀', 4)).toBe('  😀');
    expect(padEndWidth('toolong', 3)).toBe('toolong');
  });

  it('wraps at natural breaks within the width, and never splits a grapheme', () => {
    const lines = wrapToWidth('alpha bravo charlie delta', 12);
    expect(lines).toEqual(['alpha bravo', 'charlie', 'delta']);
    const cjk = wrapToWidth('名前名前名前名前', 5);
    for (const l of cjk) expect(displayWidth(l)).toBeLessThanOrEqual(5);
    expect(cjk.join('')).toBe('名前名前名前名前');
    const emoji = wrapToWidth('😀😀😀😀😀😀', 5, { maxLines: 2 });
    expect(emoji).toEqual(['😀😀', '😀😀…']);
  });
});

describe('graphemes of a long text', () => {
  it('in windows, the same clusters as one pass of the segmenter (flags, families, CR LF, combining marks across window edges)', () => {
    const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
    const parts = ['a', '字', '👨‍👩‍👧', '🇫🇷', 'e\u0301', '\r\n', '😀', ' '];
    let x = 7;
    let text = '';
    while (text.length < 30_000) text += parts[(x = (x * 1103515245 + 12345) >>> 0) % parts.length]!;
    expect(graphemes(text)).toEqual(Array.from(segmenter.segment(text), (s) => s.segment));
  });
});

describe('the one-column fast path', () => {
  it('agrees with string-width and the segmenter on the code units reports meet and their neighbours (Latin, combining marks, jamo, arrows, box drawing, dingbats, CJK, surrogates, variation selectors, full width)', () => {
    const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
    const ranges: Array<[number, number]> = [[0, 0x3100], [0xa960, 0xa980], [0xac00, 0xac40], [0xd7b0, 0xd810], [0xdbf0, 0xdc10], [0xfe00, 0x10000]];
    const wrong: string[] = [];
    for (const [from, to] of ranges) {
      for (let u = from; u < to; u++) {
        const c = String.fromCharCode(u);
        const t = `a${c}${c}─`;
        const clusters = Array.from(segmenter.segment(t), (x) => x.segment);
        if (displayWidth(t) !== stringWidth(t) || graphemes(t).join('\u0000') !== clusters.join('\u0000')) wrong.push(`U+${u.toString(16)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
