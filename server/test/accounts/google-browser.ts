// A browser for the Sign in with Google tests, over real HTTP: it follows redirects between the app (listening on a
// local port) and the fake provider, keeps the cookies the app sets (by name and path, as a browser would for one
// host), and stops when it is sent back into the web app (outside /auth/).

export interface Hop {
  url: string;
  status: number;
  location?: string;
  setCookies: string[];
}

export class HttpBrowser {
  private jar = new Map<string, { value: string; path: string }>();

  constructor(readonly appOrigin: string) {}

  cookie(name: string): string | undefined {
    return this.jar.get(name)?.value;
  }

  /** The cookies this browser holds (name → value). */
  cookies(): Record<string, string> {
    return Object.fromEntries([...this.jar].map(([k, v]) => [k, v.value]));
  }

  setCookie(name: string, value: string, path = '/') {
    this.jar.set(name, { value, path });
  }

  private header(url: URL): string | undefined {
    if (url.origin !== this.appOrigin) return undefined;
    const pairs = [...this.jar].filter(([, c]) => url.pathname.startsWith(c.path)).map(([k, c]) => `${k}=${c.value}`);
    return pairs.length ? pairs.join('; ') : undefined;
  }

  private keep(url: URL, setCookies: string[]) {
    if (url.origin !== this.appOrigin) return;
    for (const c of setCookies) {
      const [pair, ...attrs] = c.split(';').map((s) => s.trim());
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      const path = attrs.find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
      if (/^max-age=0$/i.test(attrs.find((a) => /^max-age=/i.test(a)) ?? '') || value === '') this.jar.delete(name);
      else this.jar.set(name, { value, path });
    }
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<Response & { hop: Hop }> {
    const u = new URL(url, this.appOrigin);
    const cookie = this.header(u);
    const res = await fetch(u, { redirect: 'manual', headers: { ...(cookie ? { cookie } : {}), ...headers } });
    const setCookies = res.headers.getSetCookie();
    this.keep(u, setCookies);
    const location = res.headers.get('location') ?? undefined;
    return Object.assign(res, { hop: { url: u.href, status: res.status, location, setCookies } });
  }

  /**
   * Navigates to `url` and follows redirects until one points into the web app (the hops so far, and where it
   * landed), or `stopAt` matches a URL about to be followed (then that URL is not fetched).
   */
  async navigate(url: string, stopAt?: (next: URL) => boolean): Promise<{ hops: Hop[]; landed: URL }> {
    const hops: Hop[] = [];
    let next = new URL(url, this.appOrigin);
    for (let i = 0; i < 10; i++) {
      const res = await this.get(next.href);
      await res.arrayBuffer();
      hops.push(res.hop);
      if (res.status < 300 || res.status >= 400 || !res.hop.location) return { hops, landed: next };
      next = new URL(res.hop.location, next);
      if (stopAt?.(next)) return { hops, landed: next };
      if (next.origin === this.appOrigin && !next.pathname.startsWith('/auth/')) return { hops, landed: next };
    }
    throw new Error(`too many redirects from ${url}`);
  }
}
