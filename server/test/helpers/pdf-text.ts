import { inflateSync } from 'node:zlib';

// WinAnsi is Latin-1 but for 0x80–0x9F (€, ’, “, –, —, …); Node's TextDecoder('windows-1252') decodes them as Latin-1.
const WIN_ANSI_80 = '€\ufffd‚ƒ„…†‡ˆ‰Š‹Œ\ufffdŽ\ufffd\ufffd‘’“”•–—˜™š›œ\ufffdžŸ';
const winAnsi = (bytes: Buffer) => [...bytes].map((b) => (b >= 0x80 && b <= 0x9f ? WIN_ANSI_80[b - 0x80] : String.fromCharCode(b))).join('');

/**
 * The text a PDF shows: each TJ array's hex strings (PDFKit's standard fonts, WinAnsi bytes) joined, per text
 * operation (a wrapped cell is one entry per line). Page content streams only; images and fonts are skipped.
 */
export function pdfTexts(pdf: Buffer): string[] {
  const out: string[] = [];
  const raw = pdf.toString('latin1');
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    const end = raw.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue; // an image or another stream that is not page content
    }
    for (const tj of content.matchAll(/\[([^\]]*)\] TJ/g)) {
      out.push(winAnsi(Buffer.concat([...tj[1].matchAll(/<([0-9a-f]*)>/gi)].map((h) => Buffer.from(h[1], 'hex')))));
    }
  }
  return out;
}
