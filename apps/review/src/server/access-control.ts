import { randomBytes, timingSafeEqual } from 'node:crypto';

/** Cookie holding the browser session (HttpOnly, SameSite=Strict). */
export const SESSION_COOKIE = 'proofsheet_session';

/** Header carrying the CSRF token on state-changing requests made with the session cookie. */
export const CSRF_HEADER = 'x-csrf-token';

/** The server's secrets: the access token it prints and the browser sessions it handed out. */
export interface AccessControl {
  /** The access token (printed in the URL, accepted as `Authorization: Bearer`). */
  readonly token: string;
  /** Whether `candidate` is the access token (constant time). */
  isToken(candidate: string | undefined): boolean;
  /** A new browser session for a valid token exchange; returns its id (the cookie value). */
  openSession(): string;
  isSession(candidate: string | undefined): boolean;
  /** Origins (`http://host:port`) allowed on state-changing requests. */
  readonly origins: ReadonlySet<string>;
  /** `Host` header values accepted (DNS rebinding guard); null accepts any (a remote bind). */
  readonly hosts: ReadonlySet<string> | null;
}

function sameSecret(expected: string, candidate: string | undefined): boolean {
  if (candidate === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(candidate);
  return a.length === b.length && timingSafeEqual(a, b);
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Whether `host` is a loopback address (the default bind). */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host);
}

/**
 * Creates a fresh access token (32 random bytes, base64url) and the session table for a server
 * listening on `host:port`. On loopback, `localhost`, `127.0.0.1` and `[::1]` all count as the
 * server's own origin.
 */
export function createAccessControl(host: string, port: number, token: string = randomBytes(32).toString('base64url')): AccessControl {
  const sessions = new Set<string>();
  const names = isLoopbackHost(host) ? ['127.0.0.1', 'localhost', '[::1]'] : [host.includes(':') ? `[${host}]` : host];
  const hosts = names.map((name) => `${name}:${port}`);
  const remoteAny = host === '0.0.0.0' || host === '::';
  return {
    token,
    isToken: (candidate) => sameSecret(token, candidate),
    openSession() {
      const id = randomBytes(32).toString('base64url');
      sessions.add(id);
      return id;
    },
    isSession: (candidate) => candidate !== undefined && [...sessions].some((id) => sameSecret(id, candidate)),
    origins: new Set(hosts.map((h) => `http://${h}`)),
    hosts: remoteAny ? null : new Set(hosts),
  };
}
