import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openFtpSession, type FtpSession } from '@proofsheet/publisher';
import { toFtpConnection } from '../publish/open-destination.js';
import type { DoctorCheck } from './check.js';

/** The line every remote-only check gives for the local destination. */
export const LOCAL_DESTINATION_DETAIL = 'publish.destination is "local" (files under data/site/, catalog in the local database): nothing remote to check';

/**
 * `ftp`: logs in to `publish.ftp` (password from the environment), creates the remote base,
 * writes a probe file there, renames it (publishing uploads under a temporary name and renames)
 * and removes it; reports whether the server verifies uploads by hash or only by size.
 */
export const ftpCheck: DoctorCheck = {
  name: 'ftp',
  required: true,
  async run({ config, secrets }) {
    if (config.publish.destination === 'local') return { ok: true, detail: LOCAL_DESTINATION_DETAIL };
    if (!config.publish.ftp.host) return { ok: false, detail: 'publish.ftp.host is not set' };
    const session = await openFtpSession({ ...toFtpConnection(config, secrets), timeoutMs: 10_000 });
    const local = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'proofsheet-doctor-')), 'probe.txt');
    try {
      fs.writeFileSync(local, 'proofsheet doctor probe\n');
      return await probe(session, local, `/${config.publish.ftp.remoteBase.replace(/^\/+|\/+$/g, '')}`);
    } finally {
      session.close();
      fs.rmSync(path.dirname(local), { recursive: true, force: true });
    }
  },
};

async function probe(session: FtpSession, local: string, base: string): Promise<{ ok: boolean; detail: string }> {
  const dir = base === '/' ? '' : base;
  const written = `${dir}/.proofsheet-doctor-${process.pid}.partial`;
  const renamed = `${dir}/.proofsheet-doctor-${process.pid}.txt`;
  const hash = session.capabilities.hash ? `uploads verified by ${session.capabilities.hash.command} (${session.capabilities.hash.algorithm})` : 'no server-side hash: uploads verified by size';
  await session.ensureDir(base);
  await session.upload(local, written);
  try {
    await session.rename(written, renamed);
  } catch (error) {
    await session.remove(written).catch(() => undefined);
    return { ok: false, detail: `${session.target}: logged in and wrote to ${base}, but rename was refused (${(error as Error).message}); publishing needs rename` };
  }
  await session.remove(renamed);
  return { ok: true, detail: `${session.target}: logged in; ${base} writable (probe written, renamed, removed); rename yes; ${hash}` };
}
