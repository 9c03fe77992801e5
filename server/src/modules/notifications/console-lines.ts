import type { AppEvents } from '../../platform/events.ts';
import { formatEuros } from '../../platform/money.ts';

// The console lines sellers know from the original bot, word for word.
export const draftCreatedLine = (e: AppEvents['draft.created']) =>
  `🧠 New AI draft created: ${e.title}${e.target_price !== null ? ` (${formatEuros(e.target_price)} target)` : ''}`;
export const priceDroppedLine = (e: AppEvents['price.dropped']) =>
  `💸 Price drop: ${e.title} from ${formatEuros(e.old_price)} → ${formatEuros(e.new_price)}`;
export const duplicateLine = (e: AppEvents['duplicate.detected']) => `⚠️ Duplicate detected for "${e.title}"`;
