import { probeOllamaHosts, toCaptionSettings, type HostCheck } from '@proofsheet/stages';
import type { DoctorCheck } from './check.js';

/** How long the doctor waits for each Ollama call. */
const DOCTOR_TIMEOUT_MS = 3000;

function describeHost(host: HostCheck): { ok: boolean; text: string } {
  if (!host.reachable) return { ok: false, text: `${host.problem}` };
  const parts = host.models.map((m) => {
    if (!m.installed) return `${m.name} missing (run: ollama pull ${m.name})`;
    if (m.vision === false) return `${m.name} has no vision capability`;
    return `${m.name} present${m.vision ? ' (vision)' : ''}`;
  });
  const ok = host.models.every((m) => m.installed && m.vision !== false);
  return { ok, text: `${host.url} reachable (Ollama ${host.version}), ${parts.join(', ')}` };
}

/**
 * Ollama preflight: every configured host reachable, the caption models present (naming the
 * `ollama pull` command when not) and able to see images (`/api/show` capabilities). Optional,
 * since a run without Ollama still completes stages 1–6 and leaves rows Queued for captioning.
 */
export const ollamaCheck: DoctorCheck = {
  name: 'ollama',
  required: false,
  async run({ config }) {
    if (!config.caption.enabled) return { ok: true, detail: 'captioning is off (caption.enabled: false)' };
    const hosts = await probeOllamaHosts(toCaptionSettings(config.caption, { probeTimeoutMs: DOCTOR_TIMEOUT_MS }));
    const described = hosts.map(describeHost);
    return { ok: described.every((d) => d.ok), detail: described.map((d) => d.text).join('; ') };
  },
};
