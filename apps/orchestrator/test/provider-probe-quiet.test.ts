import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { runProofsheet, test } from '@proofsheet/testkit';

const PHOTO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../samples/landscapes/life.jpg');

/** Whether this machine has a Vulkan loader (then WebGPU may really be tried, and Dawn may speak). */
function hasVulkanLoader(): boolean {
  const dirs = ['/usr/lib/x86_64-linux-gnu', '/usr/lib64', '/usr/lib', '/lib/x86_64-linux-gnu'];
  if (dirs.some((dir) => fs.existsSync(`${dir}/libvulkan.so.1`))) return true;
  try {
    return fs.readFileSync('/etc/ld.so.cache').includes('libvulkan.so.1');
  } catch {
    return false;
  }
}

test('on a machine without a GPU stack the provider probe prints nothing; its findings stay in score --json', { timeout: 60_000 }, async ({ tmp, skip }) => {
  if (hasVulkanLoader()) return skip('this machine has a Vulkan loader: the CPU-only case cannot be checked here');
  const root = tmp.join('project');
  expect((await runProofsheet(['init', '--root', root])).code).toBe(0);
  const score = await runProofsheet(['score', PHOTO, '--root', root, '--json'], { timeoutMs: 60_000 });
  expect(score.code, score.stderr).toBe(0);
  // Only our own line reaches stderr; no native library speaks (Dawn's "Couldn't load Vulkan").
  expect(score.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^quality: provider=cpu /), expect.stringMatching(/^ok {4}.*life\.jpg /)]);
  expect(score.stderr).not.toMatch(/Vulkan:|Warning:/);
  const [entry] = JSON.parse(score.stdout) as Array<{ ok: boolean; provider: string }>;
  expect(entry).toMatchObject({ ok: true, provider: 'cpu' });
  expect(score.stderr).toMatch(/webgpu: no Vulkan loader \(libvulkan\.so\.1\)/);
});
