import net from 'node:net';
import os from 'node:os';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import { AppError } from '../errors.ts';

// DNS rebinding defence: a page on evil.example can make its own name resolve to 127.0.0.1 and then read this
// server as "same origin", but its requests still say `Host: evil.example`. So the Host header must be one of the
// names this server is reachable by, checked before any route runs. An IP literal is never a rebinding vector, but
// only this machine's addresses are accepted, so the rule stays "the names this server has".

interface HostEntry {
  name: string;
  /** null: any port (a name listed without one); 'local': the port the request arrived on. */
  port: number | null | 'local';
}

const WILDCARD = new Set(['0.0.0.0', '::', '']);

/** `Host` (or `X-Forwarded-Host`) split into a lower-case name (IPv6 without brackets) and its port, or null when malformed. */
export function parseHostHeader(value: string): { name: string; port: number | null } | null {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!m) return null;
  let name = m[1].toLowerCase();
  if (name.startsWith('[')) name = name.slice(1, -1);
  if (name.length > 1 && name.endsWith('.')) name = name.slice(0, -1);
  const port = m[2] === undefined ? null : Number(m[2]);
  if (port !== null && port > 65535) return null;
  return { name, port };
}

export const isLoopbackName = (name: string) => name === 'localhost' || name === '::1' || (net.isIPv4(name) && name.startsWith('127.'));

function localAddresses(): string[] {
  return Object.values(os.networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address.toLowerCase().replace(/%.*$/, '')));
}

/** The names (and ports) this server answers to, from the configuration. */
export function hostEntries(cfg: Pick<Config, 'HOST' | 'PUBLIC_URL' | 'ALLOWED_HOSTS'>): HostEntry[] {
  const out: HostEntry[] = [{ name: 'localhost', port: 'local' }, { name: '::1', port: 'local' }];
  const listen = cfg.HOST.toLowerCase().replace(/^\[|\]$/g, '');
  // A wildcard listen address is reached by any of this machine's addresses; a specific one by itself.
  if (WILDCARD.has(listen)) for (const a of localAddresses()) out.push({ name: a, port: 'local' });
  else if (!isLoopbackName(listen)) out.push({ name: listen, port: 'local' });
  if (cfg.PUBLIC_URL) {
    const u = new URL(cfg.PUBLIC_URL);
    out.push({ name: u.hostname.toLowerCase().replace(/^\[|\]$/g, ''), port: u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80 });
  }
  for (const h of cfg.ALLOWED_HOSTS) {
    const p = parseHostHeader(h);
    if (p) out.push({ name: p.name, port: p.port });
  }
  return out;
}

/** The Host the client addressed: X-Forwarded-Host when a trusted proxy set it (Fastify's `req.host`), else Host. */
export function hostAllowed(entries: HostEntry[], req: FastifyRequest): boolean {
  const raw = req.host;
  // HTTP/1.0 clients may send no Host at all (Node refuses that in HTTP/1.1): no browser does, so nothing to rebind.
  if (req.headers.host === undefined && !raw) return true;
  const h = parseHostHeader(raw);
  if (!h) return false;
  const localPort = req.socket?.localPort;
  // Through a trusted proxy the port the client used is the proxy's, not the one this socket listens on.
  const proxied = raw !== req.headers.host;
  // Every loopback name (127.0.0.2 too) is this machine, on the port the request arrived on.
  const candidates: HostEntry[] = isLoopbackName(h.name) ? [{ name: h.name, port: 'local' }, ...entries] : entries;
  return candidates.some((e) => {
    if (e.name !== h.name) return false;
    if (e.port === null) return true;
    if (e.port === 'local') {
      // No socket port (Fastify's inject) or a proxied request: nothing to compare the port with.
      if (localPort === undefined || proxied) return true;
      return (h.port ?? 80) === localPort;
    }
    // A Host without a port means the default port of the scheme the client used: accepted for a listed name.
    return h.port === null || h.port === e.port;
  });
}

/** Refuses, before any route runs, a request whose Host is not a name of this server (421 misdirected_host). */
export function installHostCheck(app: FastifyInstance, cfg: Pick<Config, 'HOST' | 'PUBLIC_URL' | 'ALLOWED_HOSTS'>) {
  const entries = hostEntries(cfg);
  app.addHook('onRequest', async (req) => {
    if (hostAllowed(entries, req)) return;
    const shown = req.host.slice(0, 100);
    throw new AppError(421, 'misdirected_host', `This server does not answer to the host name "${shown}". If it is yours, add it to ALLOWED_HOSTS (or set PUBLIC_URL).`);
  });
}
