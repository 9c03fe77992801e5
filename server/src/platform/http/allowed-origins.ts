// Which browser origins may call the API (CORS_ORIGINS): exact origins ("https://my-front.example") and wildcard
// subdomains ("https://*.lovable.dev", as front ends hosted on a builder's preview domains need). One matcher, so
// CORS and any other origin check agree.

export type OriginMatcher = (origin: string) => boolean;

/**
 * A matcher for the configured list. A wildcard covers one or more subdomain labels of its domain with the same
 * scheme and port, never the bare domain itself nor a look-alike ("https://evil-lovable.dev").
 */
export function originMatcher(list: readonly string[]): OriginMatcher {
  const exact = new Set<string>();
  const wildcards: { scheme: string; suffix: string; port: string }[] = [];
  for (const entry of list) {
    const o = entry.trim().replace(/\/+$/, '').toLowerCase();
    const m = o.match(/^(https?):\/\/\*\.([^/:]+)(?::(\d+))?$/);
    if (m) wildcards.push({ scheme: m[1], suffix: `.${m[2]}`, port: m[3] ?? '' });
    else if (o) exact.add(o);
  }
  return (origin: string) => {
    const o = origin.trim().toLowerCase();
    if (exact.has(o)) return true;
    const m = o.match(/^(https?):\/\/([^/:]+)(?::(\d+))?$/);
    if (!m) return false;
    const [, scheme, host, port = ''] = m;
    return wildcards.some((w) => w.scheme === scheme && w.port === port && host.endsWith(w.suffix) && host.length > w.suffix.length && !host.startsWith('.'));
  };
}
