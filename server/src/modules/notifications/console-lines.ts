import type { AppEvents } from '../../platform/events.ts';
import { formatEuros } from '../../platform/money.ts';

// C0 controls (ESC starts terminal commands such as `\e[2J`, which clears the screen), DEL, the C1 controls (0x9B is
// a one-byte CSI on some terminals) and the bidirectional overrides that reorder what the seller reads.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** A seller's text made safe for the terminal: every control character shown escaped (`\x1b`, `\n`, `\u202e`), never run. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

// The console lines sellers know from the original bot, word for word; titles come from sellers, files and LLMs.
export const draftCreatedLine = (e: AppEvents['draft.created']) =>
  `🧠 New AI draft created: ${terminalSafe(e.title)}${e.target_price !== null ? ` (${formatEuros(e.target_price)} target)` : ''}`;
export const priceDroppedLine = (e: AppEvents['price.dropped']) =>
  `💸 Price drop: ${terminalSafe(e.title)} from ${formatEuros(e.old_price)} → ${formatEuros(e.new_price)}`;
export const duplicateLine = (e: AppEvents['duplicate.detected']) => `⚠️ Duplicate detected for "${terminalSafe(e.title)}"`;
