import fs from 'node:fs';
import { afterEach, describe, expect } from 'vitest';
import { createOllamaStandIn, runProofsheet, test, type OllamaStandIn, type TempDir } from '@proofsheet/testkit';

const servers: OllamaStandIn[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

interface Check {
  name: string;
  ok: boolean;
  required: boolean;
  detail: string;
}

async function doctor(tmp: TempDir, caption: Record<string, unknown>): Promise<{ code: number | null; ok: boolean; check: Check | undefined }> {
  tmp.write('proofsheet.config.json', JSON.stringify({ caption }));
  if (!fs.existsSync(tmp.join('data'))) await runProofsheet(['init', '--root', tmp.path]);
  const run = await runProofsheet(['doctor', '--root', tmp.path, '--json']);
  const report = JSON.parse(run.stdout) as { ok: boolean; checks: Check[] };
  return { code: run.code, ok: report.ok, check: report.checks.find((c) => c.name === 'ollama') };
}

describe('proofsheet doctor: ollama', () => {
  test('checks every host: reachable, models present (naming ollama pull), vision capability; optional', async ({ tmp }) => {
    const a = await createOllamaStandIn({ models: [{ name: 'qwen2.5vl:7b' }, { name: 'llama3.2:3b', capabilities: ['completion'] }] });
    const b = await createOllamaStandIn({ models: [{ name: 'qwen2.5vl:7b' }] });
    const gone = await createOllamaStandIn({ models: [] });
    servers.push(a, b);
    await gone.close();
    const good = await doctor(tmp, { hosts: [{ url: a.url, slots: 2 }, { url: b.url, slots: 1 }] });
    expect(good.check).toEqual({
      name: 'ollama', ok: true, required: false,
      detail: `${a.url} reachable (Ollama 0.32.15), qwen2.5vl:7b present (vision); ${b.url} reachable (Ollama 0.32.15), qwen2.5vl:7b present (vision)`,
    });
    const bad = await doctor(tmp, { hosts: [{ url: a.url, slots: 2 }, { url: b.url, slots: 1 }, { url: gone.url, slots: 1 }], model: 'llama3.2:3b', fallbackModel: 'llava:13b' });
    expect(bad.check?.ok).toBe(false);
    expect(bad.check?.detail.split('; ')).toEqual([
      `${a.url} reachable (Ollama 0.32.15), llama3.2:3b has no vision capability, llava:13b missing (run: ollama pull llava:13b)`,
      `${b.url} reachable (Ollama 0.32.15), llama3.2:3b missing (run: ollama pull llama3.2:3b), llava:13b missing (run: ollama pull llava:13b)`,
      `Ollama is not reachable at ${gone.url} (ECONNREFUSED)`,
    ]);
    expect(bad.code).toBe(0);
    expect(bad.ok).toBe(true);
    const off = await doctor(tmp, { enabled: false, hosts: [{ url: gone.url, slots: 2 }] });
    expect(off.check).toEqual({ name: 'ollama', ok: true, required: false, detail: 'captioning is off (caption.enabled: false)' });
  });
});
