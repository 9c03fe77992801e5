import dns from 'node:dns';
import fs from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import net, { type LookupFunction } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { AppError } from '../errors.ts';

// Fetching a URL a client gave us without letting it reach inside our network (SSRF): only http(s); the host is
// resolved once per hop and every address checked against the policy (loopback, private, link-local, CGNAT,
// unique-local, multicast, reserved and the cloud metadata addresses are refused, IPv4 and IPv6, including IPv4
// written inside IPv6); the connection is pinned to the address that was checked (a custom `lookup`, so a DNS
// answer cannot change between check and connect); redirects are followed by hand, each hop checked again; the
// body is capped in size while it streams and the whole exchange in time.

// ---------------------------------------------------------------------------------------------------------------
// Address policy

export interface AddressPolicy {
  /** True when a connection to this IP address (already resolved, v4 or v6 text) is allowed. */
  allows(address: string): boolean;
}

const BLOCKED_V4 = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24',
  '192.0.2.0/24', '192.88.99.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24',
  '224.0.0.0/4', '240.0.0.0/4',
];
// IPv4-mapped (::ffff:0:0/96), NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address that is checked
// on its own; Teredo (2001::/32) hides one obfuscated, so it is refused outright.
const BLOCKED_V6 = [
  '::/96', '64:ff9b:1::/48', '100::/64', '2001::/32', '2001:10::/28', '2001:db8::/32', 'fc00::/7', 'fe80::/10',
  'fec0::/10', 'ff00::/8',
];

function blockList(v4: string[], v6: string[]): net.BlockList {
  const list = new net.BlockList();
  for (const c of v4) list.addSubnet(c.split('/')[0], Number(c.split('/')[1]), 'ipv4');
  for (const c of v6) list.addSubnet(c.split('/')[0], Number(c.split('/')[1]), 'ipv6');
  return list;
}
const DEFAULT_BLOCKED = blockList(BLOCKED_V4, BLOCKED_V6);

/** The eight 16-bit groups of an IPv6 address (handles "::" and a trailing dotted IPv4), or null. */
export function ipv6Groups(address: string): number[] | null {
  let a = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (dotted) {
    if (net.isIPv4(dotted[1]) === false) return null;
    const [p, q, r, s] = dotted[1].split('.').map(Number);
    a = a.slice(0, -dotted[1].length) + `${((p << 8) | q).toString(16)}:${((r << 8) | s).toString(16)}`;
  }
  const halves = a.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const fill = 8 - head.length - tail.length;
  if ((halves.length === 1 && fill !== 0) || fill < 0) return null;
  const groups = [...head, ...new Array(halves.length === 2 ? fill : 0).fill(0), ...tail];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g)) ? groups : null;
}

const v4From = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

/** The IPv4 address an IPv6 address carries (mapped, NAT64 well-known prefix, 6to4), if any. */
export function embeddedIPv4(address: string): string | null {
  const g = ipv6Groups(address);
  if (!g) return null;
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return v4From(g[6], g[7]);
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return v4From(g[6], g[7]);
  if (g[0] === 0x2002) return v4From(g[1], g[2]);
  return null;
}

function makePolicy(blocked: net.BlockList, allowed: net.BlockList | null): AddressPolicy {
  const allows = (address: string): boolean => {
    const family = net.isIP(address);
    if (family === 0) return false;
    if (family === 6) {
      const inner = embeddedIPv4(address);
      if (inner) return allows(inner);
      if (allowed?.check(address, 'ipv6')) return true;
      return !blocked.check(address, 'ipv6');
    }
    if (allowed?.check(address, 'ipv4')) return true;
    return !blocked.check(address, 'ipv4');
  };
  return { allows };
}

/** The default: public unicast addresses only. */
export const publicAddressesOnly: AddressPolicy = makePolicy(DEFAULT_BLOCKED, null);

/** The default plus some subnets (CIDR, e.g. "127.0.0.1/32"): tests serving from 127.0.0.1, a LAN photo server. */
export function allowingSubnets(cidrs: string[]): AddressPolicy {
  const v4 = cidrs.filter((c) => net.isIPv4(c.split('/')[0]));
  const v6 = cidrs.filter((c) => net.isIPv6(c.split('/')[0]));
  return makePolicy(DEFAULT_BLOCKED, blockList(v4, v6));
}

// ---------------------------------------------------------------------------------------------------------------
// Fetch

export interface ResolvedAddress { address: string; family: 4 | 6 }
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolver: Resolver = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family as 4 | 6 }));

export interface SafeFetchOptions {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  policy?: AddressPolicy;
  /** DNS resolution (the system's by default); tests map names to addresses with it. */
  resolve?: Resolver;
  /** Write the body to this file instead of memory (it is removed again when the fetch fails). */
  toFile?: string;
  /** Checks the first bytes (up to 4 KiB, or the whole body when shorter); false stops the download: url_not_image. */
  acceptHead?: (head: Buffer) => boolean | Promise<boolean>;
  headers?: Record<string, string>;
  /** GET by default; a webhook delivery POSTs `body`. */
  method?: 'GET' | 'POST';
  body?: string | Buffer;
  /** Answer whatever status the server gives, redirects included (not followed), instead of refusing non-2xx: a
   *  webhook delivery records the response code. */
  anyStatus?: boolean;
}

export interface FetchedBody {
  url: string;
  finalUrl: string;
  status: number;
  contentType: string | null;
  bytes: number;
  body?: Buffer;
  path?: string;
}

const HEAD_BYTES = 4100;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const fail = (status: number, code: string, message: string, details: Record<string, unknown>) => new AppError(status, code, message, details);

/** Parses and checks a URL's form: http(s) only, no credentials, a host. */
export function checkUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw fail(400, 'url_invalid', `Not a valid URL: ${raw.slice(0, 200)}`, { url: raw.slice(0, 2000) });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw fail(400, 'url_invalid', `Only http and https URLs can be fetched, not ${url.protocol.replace(':', '')}`, { url: raw.slice(0, 2000) });
  }
  if (url.username || url.password) throw fail(400, 'url_invalid', 'URLs with credentials are not fetched', { url: `${url.protocol}//${url.host}${url.pathname}` });
  if (!url.hostname) throw fail(400, 'url_invalid', 'The URL has no host', { url: raw.slice(0, 2000) });
  return url;
}

async function resolveChecked(url: URL, policy: AddressPolicy, resolve: Resolver, original: string): Promise<ResolvedAddress> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: ResolvedAddress[];
  if (net.isIP(host)) {
    addresses = [{ address: host, family: net.isIP(host) as 4 | 6 }];
  } else {
    try {
      addresses = await resolve(host);
    } catch (e) {
      throw fail(422, 'url_fetch_failed', `The host ${host} could not be resolved`, { url: original, reason: (e as NodeJS.ErrnoException).code ?? 'dns' });
    }
  }
  if (addresses.length === 0) throw fail(422, 'url_fetch_failed', `The host ${host} has no address`, { url: original, reason: 'dns' });
  // Every address must pass: a name that also points inside the network is refused, whichever one we would use.
  const refused = addresses.find((a) => !policy.allows(a.address));
  if (refused) {
    throw fail(400, 'url_forbidden_address', `${host} points to a private, loopback, link-local or reserved address: refused`, {
      url: original, ...(url.href !== original ? { redirected_to: url.href } : {}),
    });
  }
  return addresses[0];
}

/**
 * Checks a destination before it is saved (a webhook URL): its form, then every address its host resolves to against
 * the policy (400 url_forbidden_address). A host that does not resolve now passes: each delivery checks it again.
 */
export async function checkDestination(raw: string, policy: AddressPolicy = publicAddressesOnly, resolve: Resolver = systemResolver): Promise<URL> {
  const url = checkUrl(raw);
  try {
    await resolveChecked(url, policy, resolve, raw);
  } catch (e) {
    if (e instanceof AppError && e.code === 'url_fetch_failed') return url;
    throw e;
  }
  return url;
}

/** Fetches `raw` under the options' rules. Errors are AppErrors with url_* codes. */
export async function safeFetch(raw: string, opts: SafeFetchOptions): Promise<FetchedBody> {
  const policy = opts.policy ?? publicAddressesOnly;
  const resolve = opts.resolve ?? systemResolver;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  let url = checkUrl(raw);
  try {
    for (let hop = 0; ; hop++) {
      const pinned = await resolveChecked(url, policy, resolve, raw);
      if (controller.signal.aborted) throw timeoutError(raw, opts);
      const res = await request(url, pinned, controller.signal, opts).catch((e) => {
        throw controller.signal.aborted ? timeoutError(raw, opts) : fail(422, 'url_fetch_failed', `Could not fetch ${url.host}: ${(e as Error).message}`, { url: raw, reason: (e as NodeJS.ErrnoException).code ?? 'network' });
      });
      const status = res.statusCode ?? 0;
      if (REDIRECTS.has(status) && res.headers.location && !opts.anyStatus) {
        res.destroy();
        if (hop >= opts.maxRedirects) throw fail(422, 'url_too_many_redirects', `More than ${opts.maxRedirects} redirects`, { url: raw });
        let next: URL;
        try {
          next = new URL(res.headers.location, url);
        } catch {
          throw fail(422, 'url_fetch_failed', 'The server redirected to an invalid URL', { url: raw });
        }
        url = checkUrl(next.href);
        continue;
      }
      if ((status < 200 || status >= 300) && !opts.anyStatus) {
        res.destroy();
        throw fail(422, 'url_fetch_failed', `The server answered ${status}`, { url: raw, status });
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > opts.maxBytes) {
        res.destroy();
        throw tooLarge(raw, opts);
      }
      const body = await readBody(res, raw, opts, controller.signal);
      return { url: raw, finalUrl: url.href, status, contentType: res.headers['content-type'] ?? null, ...body };
    }
  } finally {
    clearTimeout(timer);
    controller.abort(); // closes whatever socket is still open
  }
}

const timeoutError = (url: string, opts: SafeFetchOptions) => fail(422, 'url_timeout', `No complete answer within ${opts.timeoutMs / 1000} s`, { url, timeout_ms: opts.timeoutMs });
const tooLarge = (url: string, opts: SafeFetchOptions) => fail(413, 'url_too_large', `The file is larger than ${Math.round(opts.maxBytes / 1024 / 1024)} MB`, { url, max_bytes: opts.maxBytes });

function request(url: URL, pinned: ResolvedAddress, signal: AbortSignal, opts: Pick<SafeFetchOptions, 'headers' | 'method' | 'body'>): Promise<IncomingMessage> {
  // The connection goes to the address we checked, whatever DNS would answer now; TLS still verifies the name.
  const lookup: LookupFunction = (_host, options, cb) => {
    if ((options as { all?: boolean }).all) (cb as unknown as (e: null, a: ResolvedAddress[]) => void)(null, [pinned]);
    else cb(null, pinned.address, pinned.family);
  };
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(url, {
      method: opts.method ?? 'GET', lookup, signal, agent: false,
      headers: { 'user-agent': 'VintedBot photo intake', accept: 'image/*', 'accept-encoding': 'identity', ...opts.headers },
    }, resolve);
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function readBody(res: IncomingMessage, url: string, opts: SafeFetchOptions, signal: AbortSignal): Promise<{ bytes: number; body?: Buffer; path?: string }> {
  let bytes = 0;
  let head: Buffer[] | null = [];
  let headLen = 0;
  const chunks: Buffer[] = [];
  const checkHead = async (buf: Buffer) => {
    if (opts.acceptHead && !(await opts.acceptHead(buf))) {
      throw fail(415, 'url_not_image', 'The URL does not point to an image (JPEG, PNG, WebP, AVIF, GIF, HEIC)', { url, content_type: res.headers['content-type'] ?? null });
    }
  };
  const guard = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      if (bytes > opts.maxBytes) return cb(tooLarge(url, opts));
      if (!head) return cb(null, chunk);
      head.push(chunk);
      headLen += chunk.length;
      if (headLen < HEAD_BYTES) return cb();
      const first = Buffer.concat(head);
      head = null;
      checkHead(first).then(() => cb(null, first), cb);
    },
    flush(cb) {
      if (!head) return cb();
      const first = Buffer.concat(head);
      head = null;
      checkHead(first).then(() => cb(null, first), cb);
    },
  });
  try {
    if (opts.toFile) {
      await pipeline(res, guard, fs.createWriteStream(opts.toFile, { flags: 'wx' }));
      return { bytes, path: opts.toFile };
    }
    guard.on('data', (c: Buffer) => chunks.push(c));
    await pipeline(res, guard);
    return { bytes, body: Buffer.concat(chunks) };
  } catch (e) {
    if (opts.toFile) await fs.promises.rm(opts.toFile, { force: true });
    if (e instanceof AppError) throw e;
    if (signal.aborted) throw timeoutError(url, opts);
    throw fail(422, 'url_fetch_failed', `The download broke off: ${(e as Error).message}`, { url, reason: (e as NodeJS.ErrnoException).code ?? 'network' });
  }
}
