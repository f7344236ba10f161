import { describe, expect, it } from 'vitest';
import { isTransientFtpError, toFtpCapabilities, toFtpError } from './ftp-client.js';

/** An error shaped as basic-ftp raises them: a reply code (number) or a socket errno (string). */
const raised = (message: string, code: number | string): Error => Object.assign(new Error(message), { code });

describe('toFtpError', () => {
  it.each([
    [530, 'FTP_AUTH', false],
    [552, 'FTP_REMOTE_FULL', false],
    [502, 'FTP_UNSUPPORTED', false],
    [421, 'FTP_TRANSFER', true],
    [425, 'FTP_TRANSFER', true],
    [426, 'FTP_TRANSFER', true],
    [450, 'FTP_TRANSFER', true],
    [451, 'FTP_TRANSFER', true],
    [550, 'FTP_TRANSFER', false],
    [553, 'FTP_TRANSFER', false],
  ] as const)('reply %i → %s (retried: %s)', (reply, code, transient) => {
    const error = toFtpError(raised(`${reply} server says no`, reply), 'ftp://u@h:21: upload failed');
    expect({ code: error.code, reply: error.details.reply_code, transient: isTransientFtpError(error) }).toEqual({ code, reply, transient });
  });

  it.each([
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:21 (control socket)', 'FTP_CONNECT', true],
    ['ECONNRESET', 'read ECONNRESET (data socket)', 'FTP_CONNECT', true],
    ['ETIMEDOUT', 'connect ETIMEDOUT', 'FTP_CONNECT', true],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate', 'FTP_UNSUPPORTED', false],
  ] as const)('socket error %s → %s', (errno, message, code, transient) => {
    const error = toFtpError(raised(message, errno), 'ftp://u@h:21: cannot log in');
    expect({ code: error.code, errno: error.details.errno, transient: isTransientFtpError(error) }).toEqual({ code, errno, transient });
  });

  it('counts a timeout or a connection the server closed as a dropped connection', () => {
    expect(toFtpError(new Error('Timeout (control socket)'), 'x').code).toBe('FTP_CONNECT');
    expect(toFtpError(new Error('Server closed connection unexpectedly.'), 'x').code).toBe('FTP_CONNECT');
  });

  it('keeps the reply in the message and never the password', () => {
    const error = toFtpError(raised('530 Login incorrect for user with pass hunter2', 530), 'ftp://u@h:21: cannot log in', ['hunter2']);
    expect(error.message).toMatch(/^FTP ftp:\/\/u@h:21: cannot log in: 530 Login incorrect/);
    expect(error.message).not.toContain('hunter2');
  });
});

describe('toFtpCapabilities', () => {
  it('prefers a SHA-256 hash, then MD5, else none (uploads are then checked by size)', () => {
    expect(toFtpCapabilities(new Map([['HASH', 'SHA-1*;SHA-256;MD5'], ['SIZE', '']]))).toEqual({ hash: { command: 'HASH', algorithm: 'sha256' }, size: true });
    expect(toFtpCapabilities(new Map([['XSHA256', ''], ['XMD5', '']]))).toEqual({ hash: { command: 'XSHA256', algorithm: 'sha256' }, size: false });
    expect(toFtpCapabilities(new Map([['HASH', 'SHA-1*;MD5'], ['XMD5', '']]))).toEqual({ hash: { command: 'HASH', algorithm: 'md5' }, size: false });
    expect(toFtpCapabilities(new Map([['XMD5', '']]))).toEqual({ hash: { command: 'XMD5', algorithm: 'md5' }, size: false });
    expect(toFtpCapabilities(new Map([['SIZE', ''], ['MLST', 'type*;size*;']]))).toEqual({ hash: null, size: true });
  });
});
