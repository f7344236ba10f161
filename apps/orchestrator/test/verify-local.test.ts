import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, onTestFinished } from 'vitest';
import { listPublishJobs, openQueueDatabase } from '@proofsheet/queue';
import { runProofsheet, test, type TempDir } from '@proofsheet/testkit';
import { seedApprovedRows } from './publish-remote-helpers.js';

type Check = { name: string; ok: boolean; row_id: number | null; File_Name: string | null; evidence: string; fix: string | null };
type VerifyJson = { ok: boolean; checks: Check[] };
type Row = { id: number; File_Name: string };

const web = (root: string, name: string) => path.join(root, 'data/site/2024/landscapes', name);
const thumb = (root: string, name: string) => path.join(root, 'data/site/2024/thumbs/landscapes', name);

/** A local-destination project (publicUrlBase as given) with `count` rows published by the real CLI. */
async function publishLocal(tmp: TempDir, count: number, publicUrlBase = 'https://photos.example.org/images'): Promise<{ root: string; rows: Row[] }> {
  const root = tmp.join('project');
  expect((await runProofsheet(['init', '--root', root])).code).toBe(0);
  const configFile = path.join(root, 'proofsheet.config.json');
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(configFile, JSON.stringify({ ...config, publish: { destination: 'local', publicUrlBase } }));
  const rows = seedApprovedRows(root, tmp, count);
  const published = await runProofsheet(['publish', '--root', root, '--json'], { timeoutMs: 120_000 });
  expect(published.code, published.stderr).toBe(0);
  return { root, rows };
}

async function verify(root: string, extra: string[] = []): Promise<{ code: number | null; json: VerifyJson }> {
  const run = await runProofsheet(['verify', '--root', root, '--json', ...extra], { timeoutMs: 60_000 });
  return { code: run.code, json: JSON.parse(run.stdout) as VerifyJson };
}

const problems = (json: VerifyJson) => json.checks.filter((c) => !c.ok).map((c) => ({ name: c.name, row_id: c.row_id, fix: c.fix }));

test('verify passes on a clean local publish, reports each planted problem with its fix, and passes again once they are fixed', { timeout: 240_000 }, async ({ tmp }) => {
  const { root, rows } = await publishLocal(tmp, 4);
  const clean = await verify(root);
  expect(problems(clean.json)).toEqual([]);
  expect(clean.json.ok).toBe(true);
  expect(clean.code).toBe(0);
  for (const row of rows) expect(clean.json.checks.filter((c) => c.row_id === row.id).map((c) => c.name).sort()).toEqual(['catalog_row', 'publish_state', 'thumb_file', 'web_file']);

  const db = openQueueDatabase(path.join(root, 'data/proofsheet.db'));
  const publishId = listPublishJobs(db)[0]?.run_id ?? '';
  expect(publishId).toMatch(/^publish_\d{8}_\d{6}$/);
  const covered = async (...scope: string[]) => [...new Set((await verify(root, scope)).json.checks.map((x) => x.row_id).filter((id) => id !== null))];
  expect(await covered('--run', publishId)).toEqual(rows.map((r) => r.id));
  expect(await covered('--run', 'publish_19990101_000000')).toEqual([]);
  expect(await covered('--since', '2000-01-01')).toEqual(rows.map((r) => r.id));
  expect(await covered('--since', '2999-01-01')).toEqual([]);
  expect((await runProofsheet(['verify', '--run', publishId, '--since', '2000-01-01', '--root', root])).code).toBe(2);

  const [a, b, c, d] = rows as [Row, Row, Row, Row];
  db.prepare('DELETE FROM photos_info_revamp WHERE File_Name = ?').run(a.File_Name);
  db.prepare('DELETE FROM publish_jobs WHERE row_id = ?').run(d.id);
  db.close();
  fs.rmSync(thumb(root, b.File_Name));
  fs.truncateSync(web(root, c.File_Name), 1000);
  const partial = path.join(root, 'data/site/2024/landscapes/.stray.JPG.partial');
  fs.writeFileSync(partial, 'half an upload');
  fs.mkdirSync(path.join(root, 'data/derived/999'), { recursive: true });
  fs.writeFileSync(path.join(root, 'data/derived/999/preview.jpg'), 'derivative of a deleted row');
  const staleWork = path.join(root, 'data/publish/999');
  fs.mkdirSync(staleWork, { recursive: true });
  fs.writeFileSync(path.join(staleWork, 'web.jpg'), 'prepared for a deleted row');

  const broken = await verify(root);
  expect(broken.code).toBe(1);
  expect(broken.json.ok).toBe(false);
  const force = (row: Row) => `proofsheet publish --row ${row.id} --force`;
  expect(problems(broken.json)).toEqual([
    { name: 'catalog_row', row_id: a.id, fix: force(a) },
    { name: 'thumb_file', row_id: b.id, fix: force(b) },
    { name: 'web_file', row_id: c.id, fix: force(c) },
    { name: 'publish_state', row_id: d.id, fix: force(d) },
    { name: 'leftover_file', row_id: null, fix: 'remove 2024/landscapes/.stray.JPG.partial from the destination by hand (no row references it)' },
    { name: 'leftover_file', row_id: null, fix: 'proofsheet clean' },
    { name: 'leftover_file', row_id: null, fix: `remove ${staleWork} by hand` },
  ]);
  const evidence = (name: string) => broken.json.checks.find((x) => x.name === name && !x.ok)?.evidence ?? '';
  expect(evidence('catalog_row')).toContain(`no catalog row named ${a.File_Name}`);
  expect(evidence('thumb_file')).toContain('is missing');
  expect(evidence('web_file')).toMatch(/is 1000 bytes, expected \d+/);
  expect(evidence('publish_state')).toContain('no finished job');

  const fixed = await runProofsheet(['publish', '--force', ...rows.flatMap((r) => ['--row', String(r.id)]), '--root', root, '--json'], { timeoutMs: 120_000 });
  expect(fixed.code, fixed.stderr).toBe(0);
  expect(JSON.parse(fixed.stdout)).toMatchObject({ published: 4, failed: 0 });
  fs.rmSync(partial);
  fs.rmSync(staleWork, { recursive: true });
  expect((await runProofsheet(['clean', '--root', root])).code).toBe(0);
  const again = await verify(root);
  expect(problems(again.json)).toEqual([]);
  expect(again.code).toBe(0);
});

test('verify --urls asks a local HTTP server for every public URL and reports the one whose file is gone', { timeout: 180_000 }, async ({ tmp }) => {
  const siteRoot = { dir: '' };
  const server = http.createServer((request, response) => {
    const file = path.join(siteRoot.dir, ...decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname).split('/').filter((p) => p !== '..'));
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'image/jpeg' }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  const { root, rows } = await publishLocal(tmp, 2, `http://127.0.0.1:${port}`);
  siteRoot.dir = path.join(root, 'data/site');

  const clean = await verify(root, ['--urls']);
  expect(problems(clean.json)).toEqual([]);
  expect(clean.json.checks.filter((c) => c.name.endsWith('_url')).map((c) => c.evidence)).toEqual(rows.flatMap((r) => [
    `http://127.0.0.1:${port}/2024/landscapes/${r.File_Name}: HTTP 200 image/jpeg`,
    `http://127.0.0.1:${port}/2024/thumbs/landscapes/${r.File_Name}: HTTP 200 image/jpeg`,
  ]));

  const [first] = rows as [Row];
  fs.rmSync(web(root, first.File_Name));
  const broken = await verify(root, ['--urls']);
  expect(broken.code).toBe(1);
  expect(problems(broken.json)).toEqual([
    { name: 'web_file', row_id: first.id, fix: `proofsheet publish --row ${first.id} --force` },
    { name: 'web_url', row_id: first.id, fix: `proofsheet publish --row ${first.id} --force` },
  ]);
  expect(broken.json.checks.find((c) => c.name === 'web_url' && !c.ok)?.evidence).toBe(`http://127.0.0.1:${port}/2024/landscapes/${first.File_Name}: HTTP 404 text/plain`);
});
