// Challenges are the seller's (shared/VINTED.md, "Anti-bot"): a captcha, a "verify you are human" page, an
// unusual-activity or restriction banner. The panel looks for them before and during every action and, when one
// is there, does nothing on the page and says so. It never hides, solves or retries around one.

const FRAMES = ['iframe[src*="captcha-delivery.com"]', 'iframe[src*="challenges.cloudflare.com"]', '#captcha__element', '#challenge-stage', '#challenge-running'];
const BANNERS = ['[data-testid="account-restricted-banner"]', '[data-testid*="restriction"]', '[data-testid*="verification-banner"]'];
const WORDS = [
  /just a moment/i, /verifying you are human/i, /v[ée]rifi(?:ons|cation) que vous [êe]tes humain/i, /unusual activity/i, /activit[ée] inhabituelle/i,
  /compte est (?:restreint|suspendu|bloqu[ée])/i, /account (?:is|has been) (?:restricted|suspended)/i,
];

/** What kind of challenge the page shows, or null. */
export function challengeOnPage(doc: Document = document): 'captcha' | 'verification' | 'restriction' | null {
  const outside = (el: Element | null) => el !== null && !el.closest('#vintedbot-panel-host');
  if (FRAMES.slice(0, 3).some((s) => outside(doc.querySelector(s)))) return 'captcha';
  if (FRAMES.slice(3).some((s) => outside(doc.querySelector(s)))) return 'verification';
  if (BANNERS.some((s) => outside(doc.querySelector(s)))) return 'restriction';
  const text = `${doc.title}\n${doc.body?.innerText.slice(0, 5000) ?? ''}`;
  const hit = WORDS.find((w) => w.test(text));
  if (!hit) return null;
  return /restreint|suspend|restricted|bloqu/i.test(hit.source) ? 'restriction' : 'verification';
}
