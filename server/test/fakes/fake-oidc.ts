import { createHash, createSign, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A stand-in for Google's OpenID Connect provider, on a real local port: discovery document, JWKS, an authorize
// endpoint that sends the browser straight back with a code for the identity the test chose (no login page), and a
// token endpoint that checks the client id and secret, the code (once), the redirect URI and the PKCE verifier, and
// answers an RS256-signed ID token carrying the nonce. `tamper` makes the next ID token wrong in one way.

export interface FakeIdentity {
  sub: string;
  email: string;
  email_verified?: boolean;
  name?: string;
}

export type Tamper = 'nonce' | 'other-key' | 'audience' | 'expired';

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  nonce: string;
  identity: FakeIdentity;
  used: boolean;
}

export interface FakeOidc {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The identity the next visit to /authorize signs in as (until changed); null: the person cancels at Google. */
  signInAs(identity: FakeIdentity | null): void;
  /** The next ID token is wrong in this way (once). */
  tamperNext(t: Tamper): void;
  /** Every authorize request's query and every token request's form, in order (what our server sent). */
  authorizeRequests: URLSearchParams[];
  tokenRequests: { form: URLSearchParams; authorization?: string; status: number }[];
  close(): Promise<void>;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

function signJwt(payload: object, key: KeyObject, kid: string): string {
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const body = b64url(JSON.stringify(payload));
  const sig = createSign('RSA-SHA256').update(`${head}.${body}`).sign(key);
  return `${head}.${body}.${b64url(sig)}`;
}

export async function startFakeOidc(opts: { clientId?: string; clientSecret?: string } = {}): Promise<FakeOidc> {
  const clientId = opts.clientId ?? 'fake-client.apps.example';
  const clientSecret = opts.clientSecret ?? `fake-secret-${randomBytes(8).toString('hex')}`;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const kid = 'fake-key-1';
  const jwk = { ...(publicKey.export({ format: 'jwk' }) as object), kid, use: 'sig', alg: 'RS256' };
  const codes = new Map<string, IssuedCode>();
  let identity: FakeIdentity | null = null;
  let tamper: Tamper | null = null;
  const authorizeRequests: URLSearchParams[] = [];
  const tokenRequests: FakeOidc['tokenRequests'] = [];
  let issuer = '';

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      return json(res, 200, {
        issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'],
        scopes_supported: ['openid', 'email', 'profile'], code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      });
    }
    if (req.method === 'GET' && url.pathname === '/jwks') return json(res, 200, { keys: [jwk] });
    if (req.method === 'GET' && url.pathname === '/authorize') {
      const q = url.searchParams;
      authorizeRequests.push(q);
      const redirectUri = q.get('redirect_uri');
      if (q.get('client_id') !== clientId || !redirectUri) return json(res, 400, { error: 'invalid_request', error_description: 'unknown client or no redirect_uri' });
      const back = new URL(redirectUri);
      back.searchParams.set('state', q.get('state') ?? '');
      if (!identity) back.searchParams.set('error', 'access_denied');
      else if (q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge') || !q.get('nonce') || !q.get('scope')?.split(' ').includes('openid')) {
        back.searchParams.set('error', 'invalid_request');
      } else {
        const code = randomBytes(24).toString('base64url');
        codes.set(code, { clientId, redirectUri, challenge: q.get('code_challenge')!, nonce: q.get('nonce')!, identity, used: false });
        back.searchParams.set('code', code);
      }
      res.writeHead(302, { location: back.href }).end();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => { raw += c; });
      req.on('end', () => {
        const form = new URLSearchParams(raw);
        const answer = (status: number, body: unknown) => {
          tokenRequests.push({ form, authorization: req.headers.authorization, status });
          json(res, status, body);
        };
        let [id, secret] = [form.get('client_id'), form.get('client_secret')];
        const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
        if (basic) [id, secret] = Buffer.from(basic[1], 'base64').toString().split(':').map(decodeURIComponent);
        if (id !== clientId || secret !== clientSecret) return answer(401, { error: 'invalid_client' });
        if (form.get('grant_type') !== 'authorization_code') return answer(400, { error: 'unsupported_grant_type' });
        const issued = codes.get(form.get('code') ?? '');
        if (!issued || issued.used) return answer(400, { error: 'invalid_grant', error_description: 'unknown or used code' });
        issued.used = true;
        if (form.get('redirect_uri') !== issued.redirectUri) return answer(400, { error: 'invalid_grant', error_description: 'redirect_uri differs' });
        const verifier = form.get('code_verifier') ?? '';
        if (b64url(createHash('sha256').update(verifier).digest()) !== issued.challenge) return answer(400, { error: 'invalid_grant', error_description: 'PKCE verifier does not match' });
        const now = Math.floor(Date.now() / 1000);
        const t = tamper;
        tamper = null;
        const claims = {
          iss: issuer, aud: t === 'audience' ? 'someone-else' : clientId, sub: issued.identity.sub, iat: now - 5, exp: t === 'expired' ? now - 3600 : now + 3600,
          nonce: t === 'nonce' ? 'not-the-nonce' : issued.nonce, email: issued.identity.email, email_verified: issued.identity.email_verified ?? true,
          ...(issued.identity.name ? { name: issued.identity.name } : {}),
        };
        const idToken = signJwt(claims, t === 'other-key' ? stranger : privateKey, kid);
        answer(200, { access_token: randomBytes(16).toString('hex'), token_type: 'Bearer', expires_in: 3600, scope: 'openid email profile', id_token: idToken });
      });
      return;
    }
    json(res, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    get issuer() { return issuer; },
    clientId, clientSecret, authorizeRequests, tokenRequests,
    signInAs(i) { identity = i; },
    tamperNext(t) { tamper = t; },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
