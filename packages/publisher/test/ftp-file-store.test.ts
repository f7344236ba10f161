import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { ensurePureFtpd, startTestFtpServer, test, type TestFtpServer, type TempDir } from '@proofsheet/testkit';
import { createFtpFileStore, type FtpFileStoreOptions } from '../src/index.js';
import { createMemoryLogger } from './publish-helpers.js';

const FAST_RETRY = { attempts: 8, initialDelayMs: 200, maxDelayMs: 4000 };
const installed = ensurePureFtpd();

/** Every file under `dir`, relative and sorted (dot files included). */
function listTree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

function storeOptions(server: TestFtpServer, extra: Partial<FtpFileStoreOptions> = {}): FtpFileStoreOptions {
  return { host: server.host, port: server.port, user: server.user, password: server.password, secure: false, allowSelfSigned: false, remoteBase: '/images', retry: FAST_RETRY, timeoutMs: 20_000, ...extra };
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function writeRandom(tmp: TempDir, name: string, bytes: number): string {
  return tmp.write(name, randomBytes(bytes));
}

describe.skipIf(!installed.ok)('the FTP file store on a real pure-ftpd', () => {
  let server: TestFtpServer;
  beforeAll(async () => {
    server = await startTestFtpServer();
  });
  afterAll(async () => {
    await server?.dispose();
  });

  test('creates folders, uploads under a temporary name, verifies, renames into place; a second put replaces the file', async ({ tmp }) => {
    const web = writeRandom(tmp, 'web.jpg', 300_000);
    const thumb = writeRandom(tmp, 'thumb.jpg', 40_000);
    const store = createFtpFileStore(storeOptions(server));
    await Promise.all([store.put(web, '2024/birds_and_bees/Heron_001.JPG'), store.put(thumb, '2024/thumbs/birds_and_bees/Heron_001.JPG')]);
    const newer = writeRandom(tmp, 'web2.jpg', 123_456);
    await store.put(newer, '2024/birds_and_bees/Heron_001.JPG');
    await store.close();
    expect(store.target).toBe(`ftp://${server.user}@127.0.0.1:${server.port}/images`);
    expect(listTree(server.root)).toEqual(['images/2024/birds_and_bees/Heron_001.JPG', 'images/2024/thumbs/birds_and_bees/Heron_001.JPG']);
    expect(fs.readFileSync(path.join(server.root, 'images/2024/birds_and_bees/Heron_001.JPG')).equals(fs.readFileSync(newer))).toBe(true);
    expect(fs.readFileSync(path.join(server.root, 'images/2024/thumbs/birds_and_bees/Heron_001.JPG')).equals(fs.readFileSync(thumb))).toBe(true);
  });

  test('a wrong password stops at once with FTP_AUTH (no retries) and never shows the password', async ({ tmp }) => {
    const lines: string[] = [];
    const store = createFtpFileStore(storeOptions(server, { password: 'not-the-Password-9', log: createMemoryLogger(lines) }));
    const failure = await store.put(writeRandom(tmp, 'a.jpg', 10), '2024/a/A.JPG').catch((error: unknown) => error);
    await store.close();
    expect(failure).toMatchObject({ code: 'FTP_AUTH', details: { reply_code: 530 } });
    expect(String((failure as Error).message)).not.toContain('not-the-Password-9');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual([]);
  });

  test('a refused connection is retried with backoff, then reported as FTP_CONNECT', async ({ tmp }) => {
    const lines: string[] = [];
    const store = createFtpFileStore({ ...storeOptions(server, { port: 1, log: createMemoryLogger(lines) }), retry: { attempts: 3, initialDelayMs: 10, maxDelayMs: 10 } });
    await expect(store.put(writeRandom(tmp, 'a.jpg', 10), '2024/a/A.JPG')).rejects.toMatchObject({ code: 'FTP_CONNECT', details: { errno: 'ECONNREFUSED' } });
    expect(lines.map((l) => JSON.parse(l) as { msg: string; attempt: number }).map((l) => [l.msg, l.attempt])).toEqual([['ftp transfer retried', 1], ['ftp transfer retried', 2]]);
  });

  test('the connection dropped mid-upload: reconnects, uploads again, no partial file under the final name or left over', async ({ tmp }) => {
    const slow = await startTestFtpServer({ bandwidthKBps: 100 });
    try {
      const file = writeRandom(tmp, 'big.jpg', 250_000);
      const lines: string[] = [];
      const store = createFtpFileStore(storeOptions(slow, { log: createMemoryLogger(lines) }));
      const put = store.put(file, '2024/birds/Big_001.JPG');
      const partial = path.join(slow.root, 'images/2024/birds/.Big_001.JPG.partial');
      await waitFor(() => fs.existsSync(partial) && fs.statSync(partial).size > 0, 'the upload to start');
      expect(slow.dropSessions()).toBeGreaterThan(0);
      expect(fs.existsSync(path.join(slow.root, 'images/2024/birds/Big_001.JPG'))).toBe(false);
      await put;
      await store.close();
      expect(lines.filter((l) => l.includes('ftp transfer retried')).length).toBeGreaterThanOrEqual(1);
      expect(listTree(slow.root)).toEqual(['images/2024/birds/Big_001.JPG']);
      expect(fs.readFileSync(path.join(slow.root, 'images/2024/birds/Big_001.JPG')).equals(fs.readFileSync(file))).toBe(true);
    } finally {
      await slow.dispose();
    }
  }, 60_000);

  test('the server stopped for 10 s mid-upload: retries until it is back, then completes', async ({ tmp }) => {
    const slow = await startTestFtpServer({ bandwidthKBps: 100 });
    try {
      const file = writeRandom(tmp, 'big.jpg', 250_000);
      const store = createFtpFileStore(storeOptions(slow));
      const put = store.put(file, '2024/birds/Big_002.JPG');
      const partial = path.join(slow.root, 'images/2024/birds/.Big_002.JPG.partial');
      await waitFor(() => fs.existsSync(partial) && fs.statSync(partial).size > 0, 'the upload to start');
      await slow.stop();
      const stoppedAt = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      await slow.start();
      await put;
      await store.close();
      expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(10_000);
      expect(listTree(slow.root)).toEqual(['images/2024/birds/Big_002.JPG']);
      expect(fs.readFileSync(path.join(slow.root, 'images/2024/birds/Big_002.JPG')).equals(fs.readFileSync(file))).toBe(true);
    } finally {
      await slow.dispose();
    }
  }, 90_000);

  test('a server that cannot rename is refused with the reason; nothing is written in place and the temporary file is removed', async ({ tmp }) => {
    const noRename = await startTestFtpServer({ noRename: true });
    try {
      const store = createFtpFileStore(storeOptions(noRename));
      const failure = await store.put(writeRandom(tmp, 'a.jpg', 1000), '2024/birds/A_001.JPG').catch((error: unknown) => error);
      await store.close();
      expect(failure).toMatchObject({ code: 'FTP_UNSUPPORTED', details: { file: '/images/2024/birds/A_001.JPG', reply_code: 550 } });
      expect((failure as Error).message).toContain('does not write in place');
      expect(listTree(noRename.root)).toEqual([]);
    } finally {
      await noRename.dispose();
    }
  });

  test('explicit FTPS: a self-signed certificate is refused unless allowSelfSigned', async ({ tmp }) => {
    const tls = await startTestFtpServer({ tls: true });
    try {
      const file = writeRandom(tmp, 'a.jpg', 5000);
      const strict = createFtpFileStore(storeOptions(tls, { secure: true }));
      await expect(strict.put(file, '2024/a/A.JPG')).rejects.toMatchObject({ code: 'FTP_UNSUPPORTED', details: { errno: 'DEPTH_ZERO_SELF_SIGNED_CERT' } });
      await strict.close();
      const trusting = createFtpFileStore(storeOptions(tls, { secure: true, allowSelfSigned: true }));
      await trusting.put(file, '2024/a/A.JPG');
      await trusting.close();
      expect(trusting.target).toMatch(/^ftps:\/\//);
      expect(fs.readFileSync(path.join(tls.root, 'images/2024/a/A.JPG')).equals(fs.readFileSync(file))).toBe(true);
    } finally {
      await tls.dispose();
    }
  });

  test('a full remote disk (552) stops at once with FTP_REMOTE_FULL, no retries, nothing under the final name', async ({ tmp }) => {
    const full = await startTestFtpServer({ quotaMB: 1 });
    try {
      const lines: string[] = [];
      const store = createFtpFileStore(storeOptions(full, { log: createMemoryLogger(lines) }));
      // The account is already over its quota: the server takes the small upload, then refuses to keep it (552).
      full.seed('images/2024/birds/Old_001.JPG', randomBytes(1_500_000));
      full.seed('.ftpquota', '1 1500000\n');
      const failure = await store.put(writeRandom(tmp, 'small.jpg', 20_000), '2024/birds/Small_003.JPG').catch((error: unknown) => error);
      await store.close();
      expect(failure, String(failure)).toMatchObject({ code: 'FTP_REMOTE_FULL', details: { reply_code: 552 } });
      expect(lines).toEqual([]);
      expect(listTree(full.root).filter((f) => !f.startsWith('.ftpquota'))).toEqual(['images/2024/birds/Old_001.JPG']);
    } finally {
      await full.dispose();
    }
  });
});
