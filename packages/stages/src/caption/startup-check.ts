import { toCanonicalModel } from './model-name.js';
import type { OllamaHostClient, RunningModel } from './ollama-client.js';
import { isRecognisedFailure } from './recognised-failure.js';
import type { CaptionSettings } from './settings.js';

/** One model on one host, as the probe found it. */
export interface ModelCheck {
  readonly name: string;
  readonly role: 'primary' | 'fallback';
  readonly installed: boolean;
  /** From `/api/show` capabilities; undefined when the model is missing or show failed. */
  readonly vision: boolean | undefined;
}

/** What a probe of one host found. */
export interface HostCheck {
  readonly url: string;
  readonly reachable: boolean;
  readonly version: string | undefined;
  /** Why the host is not usable, in words (unreachable, model missing with the `ollama pull` command). */
  readonly problem: string | undefined;
  readonly models: readonly ModelCheck[];
  /** Canonical names of every installed model. */
  readonly installed: readonly string[];
}

/**
 * Probes one host: reachable (`/api/version`), models present (`/api/tags`), vision (`/api/show`).
 * Ollama's failures become the host's `problem`; a bug (not a recognised failure) propagates.
 */
export async function probeHost(client: OllamaHostClient, settings: CaptionSettings): Promise<HostCheck> {
  const timeout = () => AbortSignal.timeout(settings.probeTimeoutMs);
  let version: string;
  try {
    version = await client.version(timeout());
  } catch (error) {
    if (!isRecognisedFailure(error)) throw error;
    const problem = error.code === 'OLLAMA_UNREACHABLE' || error.details.reason === 'connection_lost' || error.code === 'INTERRUPTED'
      ? `Ollama is not reachable at ${client.url} (${String(error.details.errno ?? error.details.reason ?? 'no answer')})`
      : `${client.url} does not answer like Ollama: ${error.message}`;
    return { url: client.url, reachable: false, version: undefined, problem, models: [], installed: [] };
  }
  let installed: string[];
  try {
    installed = (await client.listModels(timeout())).map((m) => toCanonicalModel(m.name));
  } catch (error) {
    if (!isRecognisedFailure(error)) throw error;
    return { url: client.url, reachable: true, version, problem: `listing models on ${client.url} failed: ${error.message}`, models: [], installed: [] };
  }
  const wanted: Array<[string, 'primary' | 'fallback']> = [[settings.model, 'primary']];
  if (settings.fallbackModel) wanted.push([settings.fallbackModel, 'fallback']);
  const models: ModelCheck[] = [];
  for (const [name, role] of wanted) {
    const present = installed.includes(toCanonicalModel(name));
    let vision: boolean | undefined;
    if (present) {
      vision = await client.showCapabilities(name, timeout()).then((caps) => caps.includes('vision'), (error: unknown) => {
        if (!isRecognisedFailure(error)) throw error;
        return undefined;
      });
    }
    models.push({ name, role, installed: present, vision });
  }
  const missing = models.filter((m) => !m.installed);
  const problem = missing.length === 0 ? undefined : missing.map((m) => `model ${m.name} (${m.role}) is not installed on ${client.url}; run: ollama pull ${m.name}`).join('; ');
  return { url: client.url, reachable: true, version, problem, models, installed };
}

/** `processor=` value as the Ollama CLI derives it from `/api/ps` (reference/ollama-api.md §2). */
export function toProcessor(running: RunningModel): string {
  if (running.sizeVram === 0) return 'CPU';
  if (running.sizeVram === running.size) return 'GPU';
  if (running.size === 0 || running.sizeVram > running.size) return 'unknown';
  const cpu = Math.round(((running.size - running.sizeVram) / running.size) * 100);
  return `${cpu}%/${100 - cpu}%CPU/GPU`;
}

/** The startup check line (SPEC §7). */
export function toStartupLine(url: string, model: string, running: RunningModel | undefined): string {
  if (!running) return `Ollama startup check: host=${url} model=${model} processor=unknown context=unknown vram=unknown`;
  const vram = `${(running.sizeVram / 1024 ** 3).toFixed(1)}GiB`;
  return `Ollama startup check: host=${url} model=${model} processor=${toProcessor(running)} context=${running.contextLength ?? 'unknown'} vram=${vram}`;
}

/** Loads the primary model on a usable host, then reads `/api/ps` for the startup line; a bug propagates. */
export async function warmUp(client: OllamaHostClient, settings: CaptionSettings): Promise<{ line: string; problem: string | undefined }> {
  try {
    await client.loadModel(settings.model, settings.keepAlive, AbortSignal.timeout(settings.warmupTimeoutMs));
    const running = await client.listRunning(AbortSignal.timeout(settings.probeTimeoutMs));
    const entry = running.find((m) => toCanonicalModel(m.name) === toCanonicalModel(settings.model));
    return { line: toStartupLine(client.url, settings.model, entry), problem: undefined };
  } catch (error) {
    if (!isRecognisedFailure(error)) throw error;
    return { line: toStartupLine(client.url, settings.model, undefined), problem: `warm-up of ${settings.model} on ${client.url} failed: ${error.message}` };
  }
}
