/** The placeholder that replaces a secret in any output. */
export const REDACTED = '***';

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]*):([^\s@/]+)@/gi;

/**
 * Masks the password of every `scheme://user:password@host` URL inside `text`, wherever it
 * appears (a bare URL, or an error message that embeds one).
 */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, (_match, scheme: string, user: string) => `${scheme}${user}:${REDACTED}@`);
}

/**
 * Masks URL credentials and every occurrence of the given secret values in `text`. Secrets
 * shorter than 4 characters are still masked; empty ones are ignored.
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = redactUrlCredentials(text);
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** Whether a property name denotes a secret (password, token, authorization, …). */
export function isSecretKey(key: string): boolean {
  return /pass(word|wd)?$|secret|token|authorization|api[_-]?key|credential/i.test(key);
}
