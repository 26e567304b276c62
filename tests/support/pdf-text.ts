import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

// pdf.js maps CJK glyphs of fonts without their own Unicode table through its CMaps.
const PDFJS = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/**
 * The text of a PDF, read back with pdf.js (pure npm: no pdftotext on a bare machine), and its
 * page count. `text` runs the page's text items together, a line per line of the page;
 * `compact` is the same without any white space, for phrases that wrap across lines.
 */
export async function pdfText(data: Uint8Array): Promise<{ text: string; compact: string; pages: number }> {
  const doc = await getDocument({
    data: new Uint8Array(data),
    isEvalSupported: false,
    useSystemFonts: false,
    cMapUrl: `${path.join(PDFJS, 'cmaps')}/`,
    cMapPacked: true,
    standardFontDataUrl: `${path.join(PDFJS, 'standard_fonts')}/`,
  }).promise;
  try {
    const pages: string[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const content = await (await doc.getPage(p)).getTextContent();
      pages.push(content.items.map((i) => ('str' in i ? i.str + (i.hasEOL ? '\n' : '') : '')).join(''));
    }
    // Chromium's footer font has no Unicode map: its glyphs come back as NULs, left out. Where
    // poppler's pdftotext is installed (CI's Debian path) it reads the footers too, and is used.
    const text = popplerText(data) ?? pages.join('\n\f').replace(/\0/g, '');
    return { text, compact: text.replace(/\s+/g, ''), pages: doc.numPages };
  } finally {
    await doc.destroy();
  }
}

/** The text pdftotext reads, or null where poppler is not installed (a bare machine). */
function popplerText(data: Uint8Array): string | null {
  try {
    return execFileSync('pdftotext', ['-raw', '-', '-'], { input: data, encoding: 'utf8' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
