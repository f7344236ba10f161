import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProofsheet } from './cli.js';
import type { TempDir } from './temp-dir.js';

/** The bundled sample set (four real photographs, 1200 px) every CLI test can ingest. */
export const BUNDLED_SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../samples/landscapes');

/** A project made by the real CLI: `init`, then the bundled samples (copied to `photos`) added as set 1. */
export async function createSampleProject(tmp: TempDir, options: { readonly config?: Record<string, unknown> } = {}): Promise<{ root: string; photos: string }> {
  const root = tmp.join('project');
  const photos = tmp.join('photos');
  fs.cpSync(BUNDLED_SAMPLES, photos, { recursive: true });
  const init = await runProofsheet(['init', '--root', root]);
  if (init.code !== 0) throw new Error(`proofsheet init failed: ${init.stderr}`);
  if (options.config) fs.writeFileSync(path.join(root, 'proofsheet.config.json'), JSON.stringify(options.config));
  const added = await runProofsheet(['set', 'add', photos, '--subject', 'Basque Mountains', '--location', 'Gipuzkoa', '--category', 'Landscape', '--root', root]);
  if (added.code !== 0) throw new Error(`proofsheet set add failed: ${added.stderr}`);
  return { root, photos };
}

/** `proofsheet rows --json` of a project, by id. */
export async function readProjectRows<Row extends { id: number }>(root: string): Promise<Row[]> {
  const rows = JSON.parse((await runProofsheet(['rows', '--root', root, '--json'])).stdout) as Row[];
  return rows.sort((a, b) => a.id - b.id);
}

/** A pid that certainly belongs to no live process (a child that has exited). */
export function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

/** A local TCP port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** SHA-256 of a file, hex. */
export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}
