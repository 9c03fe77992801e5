import type { OverlayOptions } from 'sharp';
import { z } from 'zod';

// The optional shop stamp laid on the photos sent to Vinted and exported: a short text in a corner, off by default.
// Drawn as SVG by sharp (librsvg), with the text escaped; the font is the system's sans-serif.
export const WATERMARK_POSITIONS = ['bottom-right', 'bottom-left', 'top-right', 'top-left', 'center'] as const;
export const WatermarkSchema = z.object({
  enabled: z.boolean(),
  text: z.string().max(40).describe('The stamp, at most 40 characters (a shop name, a handle)'),
  position: z.enum(WATERMARK_POSITIONS),
  opacity: z.number().min(0.05).max(1).describe('0.05 (faint) to 1 (solid)'),
});
export type WatermarkSettings = z.infer<typeof WatermarkSchema>;
export const WATERMARK_DEFAULTS: WatermarkSettings = { enabled: false, text: '', position: 'bottom-right', opacity: 0.5 };

export function watermarkOverlay(s: WatermarkSettings, width: number, height: number): OverlayOptions | null {
  const text = s.text.trim();
  if (!s.enabled || !text) return null;
  const size = Math.max(10, Math.round(Math.min(width, height) * 0.045));
  const margin = Math.round(size * 0.8);
  const [anchor, x] = s.position.endsWith('left') ? ['start', margin] : s.position.endsWith('right') ? ['end', width - margin] : ['middle', width / 2];
  const y = s.position.startsWith('top') ? margin + size : s.position === 'center' ? height / 2 + size / 3 : height - margin;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">`
    + `<text x="${x}" y="${y}" text-anchor="${anchor}" font-family="sans-serif" font-size="${size}" font-weight="bold" `
    + `fill="#ffffff" fill-opacity="${s.opacity}" stroke="#000000" stroke-opacity="${(s.opacity * 0.5).toFixed(2)}" stroke-width="${Math.max(1, size / 24).toFixed(1)}">`
    + `${escapeXml(text)}</text></svg>`;
  return { input: Buffer.from(svg), top: 0, left: 0 };
}

const escapeXml = (t: string) => t.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
