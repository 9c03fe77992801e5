import * as oidc from 'openid-client';
import type { Logger } from 'pino';
import { AppError } from '../../platform/errors.ts';
import { type SecretBox, SecretBoxError } from '../../platform/security/secret-box.ts';

// The OpenID Connect side of "Sign in with Google", through openid-client (v6): the provider's metadata and keys
// come from its discovery document; the way out carries state, nonce and a PKCE challenge; the way back exchanges
// the code (with the client secret and the PKCE verifier) and verifies the ID token (signature against the
// provider's JWKS, issuer, audience, expiry, nonce). What the browser keeps in between (state, nonce, verifier) is
// sealed with AES-256-GCM in a short-lived HttpOnly cookie: nothing to store server-side, nothing readable or
// forgeable by the browser. Every failure becomes an AppError with a stable code; none carries the code or a secret.

export const OIDC_COOKIE = 'vintedbot_oidc';
/** Long enough to pick an account at Google and consent, short enough that a stale tab starts over. */
export const OIDC_COOKIE_MAX_AGE_S = 600;
const SEAL_CONTEXT = 'accounts/google-oidc';
// Seconds openid-client waits for the provider (discovery, JWKS, token endpoint).
const PROVIDER_TIMEOUT_S = 10;

export interface GoogleOidcOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** What the provider vouches for, once the ID token is verified. */
export interface VerifiedIdentity {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
  /** Epoch ms after which the way back is refused, whatever the cookie's Max-Age said. */
  until: number;
}

export const googleError = (code: string, message: string, status = 401) => new AppError(status, code, message);
const stateInvalid = () => googleError('google_state_invalid', 'This return from Google does not match a sign-in started in this browser (or it took too long): start again', 400);

export class GoogleOidc {
  private config: Promise<oidc.Configuration> | undefined;

  constructor(private readonly opts: GoogleOidcOptions, private readonly box: SecretBox, private readonly log: Logger, private readonly now: () => number = Date.now) {}

  /** The provider's configuration, discovered once; a failed discovery is tried again by the next sign-in. */
  private configuration(): Promise<oidc.Configuration> {
    this.config ??= (async () => {
      const issuer = new URL(this.opts.issuer);
      // Plain http is accepted by the config for a provider on this machine only (tests' fake provider).
      // openid-client trusts an ID token from the token endpoint on TLS alone unless told otherwise (OIDC Core
      // 3.1.3.7 allows it): its signature is checked against the provider's JWKS all the same, so a token that did
      // not come from the provider's keys is refused whatever carried it.
      const execute = [oidc.enableNonRepudiationChecks, ...(issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [])];
      const c = await oidc.discovery(issuer, this.opts.clientId, { client_secret: this.opts.clientSecret }, oidc.ClientSecretPost(this.opts.clientSecret), { execute, timeout: PROVIDER_TIMEOUT_S });
      c.timeout = PROVIDER_TIMEOUT_S;
      return c;
    })();
    this.config.catch(() => { this.config = undefined; });
    return this.config;
  }

  /** The provider's authorization address for a new sign-in, and the sealed cookie value that the way back needs. */
  async start(redirectUri: string): Promise<{ url: string; sealed: string }> {
    const config = await this.configuration().catch((e: unknown) => { throw this.unavailable(e); });
    const pending: Pending = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier(), redirectUri, until: this.now() + OIDC_COOKIE_MAX_AGE_S * 1000 };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri, scope: 'openid email profile', response_type: 'code',
      state: pending.state, nonce: pending.nonce, code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier), code_challenge_method: 'S256',
      // Google shows its account chooser, so a shared computer does not sign in whoever was last at Google.
      prompt: 'select_account',
    });
    return { url: url.href, sealed: this.box.seal(JSON.stringify(pending), SEAL_CONTEXT) };
  }

  /**
   * Checks the way back (`query`, as the provider redirected the browser) against the sealed cookie, exchanges the
   * code and verifies the ID token. Throws AppError: google_state_invalid, google_cancelled, google_code_invalid,
   * google_token_invalid, google_unavailable.
   */
  async finish(query: Record<string, string | undefined>, sealed: string | undefined): Promise<VerifiedIdentity> {
    const pending = this.unseal(sealed);
    if (!pending || typeof query.state !== 'string' || query.state !== pending.state) throw stateInvalid();
    if (query.error) throw googleError('google_cancelled', 'Google did not sign you in (cancelled or refused there)');
    if (!query.code) throw googleError('google_code_invalid', 'Google sent no authorization code back', 400);
    const config = await this.configuration().catch((e: unknown) => { throw this.unavailable(e); });
    const back = new URL(pending.redirectUri);
    for (const [k, v] of Object.entries(query)) if (typeof v === 'string') back.searchParams.set(k, v);
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, back, { pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true });
    } catch (e) {
      throw this.refusal(e);
    }
    const claims = tokens.claims();
    if (!claims) throw googleError('google_token_invalid', 'Google\'s answer carried no ID token');
    const verified = claims.email_verified === true || claims.email_verified === 'true';
    return {
      subject: claims.sub,
      email: typeof claims.email === 'string' ? claims.email : null,
      emailVerified: verified,
      name: typeof claims.name === 'string' ? claims.name.slice(0, 120) : null,
    };
  }

  private unseal(sealed: string | undefined): Pending | null {
    if (!sealed || sealed.length > 2000) return null;
    try {
      const p = JSON.parse(this.box.openString(sealed, SEAL_CONTEXT)) as Pending;
      return p.until > this.now() ? p : null;
    } catch (e) {
      if (e instanceof SecretBoxError || e instanceof SyntaxError) return null;
      throw e;
    }
  }

  private unavailable(e: unknown): AppError {
    this.log.warn({ event: 'google_unavailable', err_name: (e as Error)?.name, err_message: (e as Error)?.message }, 'the OpenID provider could not be reached');
    return googleError('google_unavailable', 'Google could not be reached: try again in a moment, or log in with your password', 502);
  }

  /** What went wrong at the code exchange or the ID token's checks, logged by kind (never the code or a token). */
  private refusal(e: unknown): AppError {
    if (e instanceof oidc.ResponseBodyError) {
      this.log.warn({ event: 'google_refused', error: e.error, status: e.status }, 'the OpenID provider refused the code');
      return e.error === 'invalid_grant'
        ? googleError('google_code_invalid', 'Google refused this sign-in\'s code (already used, expired, or not for this browser): start again')
        : this.unavailable(e);
    }
    if (e instanceof oidc.AuthorizationResponseError) return googleError('google_cancelled', 'Google did not sign you in (cancelled or refused there)');
    if (e instanceof TypeError || (e as { name?: string })?.name === 'TimeoutError' || (e as { name?: string })?.name === 'AbortError') return this.unavailable(e);
    this.log.warn({ event: 'google_token_invalid', err_code: (e as { code?: string })?.code, err_message: (e as Error)?.message }, 'the ID token failed its checks');
    return googleError('google_token_invalid', 'Google\'s ID token did not pass its checks (signature, issuer, audience, expiry or nonce)');
  }
}
