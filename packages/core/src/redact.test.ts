import { describe, expect, it } from 'vitest';
import { isSecretKey, redactText, redactUrlCredentials } from './redact.js';

describe('redaction', () => {
  it('masks URL passwords wherever they appear', () => {
    expect(redactUrlCredentials('connect to mysql://app:s3cr3t@db:3306/site failed')).toBe('connect to mysql://app:***@db:3306/site failed');
    expect(redactUrlCredentials('ftp://u:p%40ss@host/x and https://a:b@c')).toBe('ftp://u:***@host/x and https://a:***@c');
    expect(redactUrlCredentials('http://host:8080/path')).toBe('http://host:8080/path');
  });

  it('masks known secret values', () => {
    expect(redactText('login failed for hunter2 (hunter2)', ['hunter2', ''])).toBe('login failed for *** (***)');
  });

  it('recognises secret-looking keys', () => {
    for (const key of ['password', 'ftpPassword', 'passwd', 'token', 'authorization', 'apiKey', 'client_secret']) expect(isSecretKey(key)).toBe(true);
    for (const key of ['host', 'user', 'passes', 'model']) expect(isSecretKey(key)).toBe(false);
  });
});
