// The panel's frame: a shadow root (the page's styles and scripts leave it alone) fixed in a corner of the tab.

const STYLE = `
  :host { all: initial; }
  .panel { position: fixed; right: 16px; bottom: 16px; width: 320px; max-height: 70vh; overflow: auto; z-index: 2147483646;
    background: #fff; color: #171717; border: 2px solid #007782; border-radius: 8px; box-shadow: 0 4px 16px rgba(0,0,0,.2);
    font: 13px/1.4 system-ui, sans-serif; padding: 12px; }
  h2 { font-size: 14px; margin: 0 0 8px; color: #007782; }
  input { width: 100%; box-sizing: border-box; padding: 6px; margin-bottom: 8px; font: inherit; }
  ul { list-style: none; margin: 0; padding: 0; }
  li.draft { display: flex; gap: 8px; align-items: center; padding: 4px; cursor: pointer; border-radius: 4px; }
  li.draft[aria-selected="true"] { background: #e6f4f5; outline: 1px solid #007782; }
  li.draft img { width: 40px; height: 40px; object-fit: cover; border-radius: 4px; background: #eee; }
  button { font: inherit; padding: 8px 12px; margin: 8px 8px 0 0; border-radius: 4px; border: 1px solid #007782; cursor: pointer; background: #007782; color: #fff; }
  button.secondary { background: #fff; color: #007782; }
  button:disabled { opacity: .5; cursor: default; }
  .warn { background: #fff3cd; border: 1px solid #e0c36b; padding: 8px; border-radius: 4px; }
  .ok { color: #0a6b2f; }
  .left li::before { content: "• "; color: #a00; }
  .filled li::before { content: "✓ "; color: #0a6b2f; }
`;

export function mountPanel(): ShadowRoot {
  const existing = document.getElementById('vintedbot-panel-host');
  if (existing?.shadowRoot) return existing.shadowRoot;
  const host = document.createElement('div');
  host.id = 'vintedbot-panel-host';
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  root.append(style, el('section', { class: 'panel', 'data-testid': 'vb-panel', role: 'complementary', 'aria-label': 'VintedBot' }));
  document.documentElement.appendChild(host);
  return root;
}

/** Builds an element with text (never HTML: draft titles are the seller's text). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}
