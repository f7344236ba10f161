import sharp from 'sharp';
import { afterEach } from 'vitest';
import { createOllamaStandIn, type OllamaStandIn, type StandInModel } from '@proofsheet/testkit';
import { CAPTION_DEFAULTS, createCaptioner, type CaptionLog, type CaptionOutcome, type CaptionRowInput, type CaptionSettings, type Captioner } from '../src/index.js';

/** A small real JPEG: a coloured field with a lighter square whose place depends on `seed`. */
export async function makeImage(seed: number): Promise<Buffer> {
  const r = (seed * 67) % 256;
  const g = (seed * 131 + 40) % 256;
  const b = (seed * 29 + 90) % 256;
  const square = await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: 255 - r, g: 255 - g, b: 255 - b } } }).png().toBuffer();
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r, g, b } } })
    .composite([{ input: square, left: (seed * 7) % 48, top: (seed * 5) % 32 }])
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** `n` row inputs with distinct images. */
export async function makeRows(n: number, offset = 0): Promise<CaptionRowInput[]> {
  return Promise.all(Array.from({ length: n }, async (_, i) => ({
    id: offset + i + 1,
    fileName: `tulip_amsterdam_flowers_canon_2024_${String(offset + i + 1).padStart(3, '0')}.jpg`,
    image: await makeImage(offset + i + 1),
    subject: 'tulip field',
    location: 'Amsterdam',
    category: 'Flowers',
    dateTime: '2024:04:20 07:45:00',
    series: { position: i + 1, count: n },
  })));
}

/** Settings for tests: fast timeouts and probes, in milliseconds. */
export function testSettings(hosts: ReadonlyArray<{ url: string; slots: number }>, overrides: Partial<CaptionSettings> = {}): CaptionSettings {
  return {
    ...CAPTION_DEFAULTS,
    enabled: true, hosts, model: 'qwen2.5vl:7b', fallbackModel: null, keywords: 8, maxAttempts: 3,
    idleTimeoutMs: 2000, hardTimeoutMs: 10_000, quarantineAfter: 3, unavailableAfterMs: 2000,
    probeInitialMs: 50, probeMaxMs: 400, probeTimeoutMs: 500, warmupTimeoutMs: 2000,
    ...overrides,
  };
}

/** A log that keeps every entry. */
export function createMemoryLog(): CaptionLog & { entries: Array<{ level: string; message: string; fields: Record<string, unknown> }> } {
  const entries: Array<{ level: string; message: string; fields: Record<string, unknown> }> = [];
  return {
    entries,
    info: (fields, message) => void entries.push({ level: 'info', message, fields }),
    warn: (fields, message) => void entries.push({ level: 'warn', message, fields }),
  };
}

/** Starts a stand-in with the primary model (and any extra models). */
export function startStandIn(extra: Partial<StandInModel> = {}, more: StandInModel[] = []): Promise<OllamaStandIn> {
  return createOllamaStandIn({ models: [{ name: 'qwen2.5vl:7b', parallel: 2, ...extra }, ...more] });
}

/** Polls `condition` every 10 ms until it holds (tests wait for events, not for fixed times, on a loaded machine). */
export async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Registers an `afterEach` that closes every stand-in and captioner the test started, and returns
 * the makers that register them (call once per test file, at the top level).
 */
export function useCleanup(): {
  standIn: typeof startStandIn;
  captioner: (...args: Parameters<typeof createCaptioner>) => Captioner;
  /** Registers any other clean-up for the end of the test. */
  defer: (fn: () => unknown) => void;
} {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });
  return {
    defer: (fn) => void cleanup.push(fn),
    async standIn(...args) {
      const server = await startStandIn(...args);
      cleanup.push(() => server.close());
      return server;
    },
    captioner(...args) {
      const c = createCaptioner(...args);
      cleanup.push(() => c.close());
      return c;
    },
  };
}

/**
 * Captions `rows` the way the pipeline's caption step does: `captionRow` per row, with as many rows
 * at once as the hosts have slots, each worker taking the next row in order. Outcomes in input order.
 */
export async function captionRows(stage: Captioner, rows: readonly CaptionRowInput[], signal?: AbortSignal): Promise<CaptionOutcome[]> {
  const outcomes: CaptionOutcome[] = new Array(rows.length);
  const slots = stage.settings.hosts.reduce((n, h) => n + h.slots, 0);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < rows.length) {
      const index = next++;
      outcomes[index] = await stage.captionRow(rows[index]!, signal);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(slots, rows.length)) }, worker));
  return outcomes;
}

/** How many outcomes of each kind. */
export function countOutcomes(outcomes: readonly CaptionOutcome[]): Record<CaptionOutcome['kind'], number> {
  const counts = { done: 0, needs_review: 0, quarantined: 0, deferred: 0, skipped: 0, failed: 0 };
  for (const outcome of outcomes) counts[outcome.kind] += 1;
  return counts;
}

/** The `ollama_probe` events of a memory log (one per probe of a vanished host). */
export function probesOf(log: ReturnType<typeof createMemoryLog>): Array<{ delay_ms: number; ok: boolean }> {
  return log.entries.filter((e) => e.message === 'ollama_probe').map((e) => e.fields as { delay_ms: number; ok: boolean });
}
