import { type PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';

export const COLORS = {
  ink: rgb(0.11, 0.13, 0.16),
  muted: rgb(0.38, 0.42, 0.47),
  rule: rgb(0.82, 0.85, 0.88),
  band: rgb(0.07, 0.2, 0.33),
  white: rgb(1, 1, 1),
  good: rgb(0.05, 0.45, 0.25),
  warn: rgb(0.7, 0.42, 0.02),
  bad: rgb(0.7, 0.1, 0.1),
  test: rgb(0.85, 0.33, 0.0),
};

/** Characters the standard fonts' WinAnsi encoding has beyond Latin-1. */
const WIN_ANSI_EXTRA = new Set([...'€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ']);

/** Text the standard PDF fonts can draw: accents kept where WinAnsi has them, other scripts transliterated or `?`. */
export function drawable(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\t' || ch === '\n') out += ' ';
    else if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else {
      const bare = ch.normalize('NFKD').replace(/\p{M}/gu, '');
      out += /^[\x20-\x7e]+$/.test(bare) ? bare : '?';
    }
  }
  return out;
}

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  mono: PDFFont;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;

/** A top-to-bottom text flow over A4 pages: wraps lines, starts new pages, keeps the cursor. */
export class PdfWriter {
  page: PDFPage;
  y: number;
  readonly width = A4[0] - 2 * MARGIN;
  readonly left = MARGIN;

  constructor(
    readonly doc: PDFDocument,
    readonly fonts: Fonts,
  ) {
    this.page = doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  /** Makes room for `height` points, starting a new page if needed. */
  need(height: number): void {
    if (this.y - height >= MARGIN + 20) return;
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  lines(text: string, font: PDFFont, size: number, width: number): string[] {
    const words = drawable(text).split(/\s+/).filter(Boolean);
    const out: string[] = [];
    let line = '';
    for (const word of words) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) <= width) {
        line = next;
        continue;
      }
      if (line) out.push(line);
      // A word wider than the line (a hash, a URL) is cut where it must be.
      let rest = word;
      while (font.widthOfTextAtSize(rest, size) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
        out.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    if (line) out.push(line);
    return out.length > 0 ? out : [''];
  }

  text(
    text: string,
    options: { font?: PDFFont; size?: number; color?: ReturnType<typeof rgb>; indent?: number; gap?: number } = {},
  ): void {
    const font = options.font ?? this.fonts.regular;
    const size = options.size ?? 9.5;
    const indent = options.indent ?? 0;
    const leading = size * 1.35;
    for (const line of this.lines(text, font, size, this.width - indent)) {
      this.need(leading);
      this.y -= leading;
      this.page.drawText(line, { x: this.left + indent, y: this.y, size, font, color: options.color ?? COLORS.ink });
    }
    this.y -= options.gap ?? 0;
  }

  /** A label and its value on one line, the value wrapped beside the label. */
  field(label: string, value: string, labelWidth = 130): void {
    const size = 9.5;
    const leading = size * 1.35;
    const valueLines = this.lines(value, this.fonts.regular, size, this.width - labelWidth);
    this.need(leading * valueLines.length);
    this.page.drawText(drawable(label), {
      x: this.left,
      y: this.y - leading,
      size,
      font: this.fonts.bold,
      color: COLORS.muted,
    });
    for (const line of valueLines) {
      this.y -= leading;
      this.page.drawText(line, {
        x: this.left + labelWidth,
        y: this.y,
        size,
        font: this.fonts.regular,
        color: COLORS.ink,
      });
    }
  }

  heading(text: string): void {
    this.need(40);
    this.y -= 16;
    this.page.drawText(drawable(text), {
      x: this.left,
      y: this.y - 12,
      size: 12.5,
      font: this.fonts.bold,
      color: COLORS.band,
    });
    this.y -= 18;
    this.page.drawLine({
      start: { x: this.left, y: this.y },
      end: { x: this.left + this.width, y: this.y },
      thickness: 0.6,
      color: COLORS.rule,
    });
    this.y -= 2;
  }

  space(points: number): void {
    this.y -= points;
  }
}
