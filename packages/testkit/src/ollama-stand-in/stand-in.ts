import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parseBody, readBody, sendError, sendJson, sendText, toCanonicalName, toLocalStamp } from './http-util.js';
import { runInference, toInference, validateInference, type InferenceHost } from './inference.js';
import type { RecordedRequest, StandInBehaviour, StandInEra, StandInInference, StandInModel, StandInRule } from './types.js';

export interface StandInOptions {
  readonly models: readonly StandInModel[];
  readonly era?: StandInEra;
  readonly version?: string;
  /** Port to listen on; default 0 (any free port). */
  readonly port?: number;
  /**
   * Imitate servers before v0.12.6: a scripted `status` failure of a streaming request comes as
   * HTTP 200 with one NDJSON `{"error": …}` line instead of a real status.
   */
  readonly earlyStreamErrorsAsLines?: boolean;
}

/** A running Ollama stand-in: a real HTTP server on 127.0.0.1 speaking Ollama's API. */
export interface OllamaStandIn {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Chat/generate requests only (the ones that carry a model answer). */
  inferences(model?: string): RecordedRequest[];
  /** Highest number of chat/generate requests in flight at once on this server (of `model`, when given). */
  maxInFlight(model?: string): number;
  /** Adds a scripted rule; rules are tried in the order added. */
  script(rule: StandInRule): void;
  /** Installs or replaces a model (e.g. to make a fallback appear later). */
  setModel(model: StandInModel): void;
  removeModel(name: string): void;
  /** Stops listening and drops every connection: clients now get ECONNREFUSED. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** Stops for good (tests call it in `finally`/fixtures). */
  close(): Promise<void>;
}

interface Loaded {
  readonly model: StandInModel;
  expiresAt: number;
}

interface Slots {
  busy: number;
  readonly waiting: Array<() => void>;
}

function toKeepAliveMs(value: unknown): number {
  if (typeof value === 'number') return value < 0 ? 1e14 : value * 1000;
  if (typeof value === 'string') {
    const m = /^(-?\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value);
    if (m) return Number(m[1]) < 0 ? 1e14 : Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms'];
  }
  return 300_000;
}

/** Starts a stand-in Ollama server on 127.0.0.1 (a test tool; never used by the product). */
export async function createOllamaStandIn(options: StandInOptions): Promise<OllamaStandIn> {
  const era = options.era ?? 'B';
  const models = new Map(options.models.map((m) => [toCanonicalName(m.name), m]));
  const rules: Array<{ rule: StandInRule; left: number }> = [];
  const requests: RecordedRequest[] = [];
  const loaded = new Map<string, Loaded>();
  const slots = new Map<string, Slots>();
  const inFlight = new Map<string, number>();
  const peak = new Map<string, number>();
  const salts = new Map<string, number>();
  const sockets = new Set<Socket>();
  let totalInFlight = 0;
  let totalPeak = 0;

  const host: InferenceHost = {
    era,
    earlyStreamErrorsAsLines: options.earlyStreamErrorsAsLines ?? false,
    findModel: (name) => models.get(toCanonicalName(name)),
    takeBehaviour(request: StandInInference): StandInBehaviour | undefined {
      const hit = rules.find(({ rule, left }) => left > 0 && (rule.model === undefined || toCanonicalName(rule.model) === toCanonicalName(request.model)) && (rule.match?.(request) ?? true));
      if (!hit) return undefined;
      hit.left -= 1;
      return hit.rule.behaviour;
    },
    async acquireSlot(model, closed) {
      const key = toCanonicalName(model.name);
      const s = slots.get(key) ?? { busy: 0, waiting: [] };
      slots.set(key, s);
      while (s.busy >= (model.parallel ?? 1)) {
        await new Promise<void>((resolve) => s.waiting.push(resolve));
        if (closed()) return () => s.waiting.shift()?.();
      }
      s.busy += 1;
      return () => {
        s.busy -= 1;
        s.waiting.shift()?.();
      };
    },
    markLoaded(model, keepAlive) {
      loaded.set(toCanonicalName(model.name), { model, expiresAt: Date.now() + toKeepAliveMs(keepAlive) });
    },
    saltFor(image, prompt) {
      const key = createHash('sha1').update(image ?? '').digest('hex');
      if (!/duplicate/i.test(prompt)) return salts.get(key) ?? 0;
      const next = (salts.get(key) ?? 0) + 1;
      salts.set(key, next);
      return next;
    },
  };

  function modelEntry(m: StandInModel): Record<string, unknown> {
    const name = toCanonicalName(m.name);
    const family = name.split(':')[0]!.replace(/[^a-z0-9]/g, '');
    const entry: Record<string, unknown> = {
      name: m.name, model: m.name, modified_at: toLocalStamp(Date.UTC(2026, 4, 4, 17, 37, 44)), size: m.sizeBytes ?? 6 * 1024 ** 3,
      digest: createHash('sha256').update(name).digest('hex'),
      details: { parent_model: '', format: 'gguf', family, families: [family], parameter_size: '8.3B', quantization_level: 'Q4_K_M' },
    };
    if (era === 'B') entry.capabilities = m.capabilities ?? ['completion', 'vision'];
    return entry;
  }

  function psEntry({ model, expiresAt }: Loaded): Record<string, unknown> {
    const size = model.sizeBytes ?? 6 * 1024 ** 3;
    const vram = model.processor === 'cpu' ? 0 : model.processor === 'split' ? Math.round(size * 0.52) : size;
    const { modified_at: _m, capabilities: _c, ...rest } = modelEntry(model);
    return { ...rest, size, expires_at: toLocalStamp(expiresAt), size_vram: vram, context_length: model.contextLength ?? 4096 };
  }

  function show(body: Record<string, unknown>, res: http.ServerResponse): void {
    const name = typeof body.model === 'string' ? body.model : typeof body.name === 'string' ? body.name : '';
    if (name.trim() === '') return sendError(res, 400, 'model is required');
    const m = models.get(toCanonicalName(name));
    if (!m) return sendError(res, 404, `model '${era === 'B' ? toCanonicalName(name) : name}' not found`);
    const family = toCanonicalName(m.name).split(':')[0]!.replace(/[^a-z0-9]/g, '');
    const entry = modelEntry(m);
    sendJson(res, 200, {
      modelfile: `FROM ${m.name}\n`, parameters: `num_ctx                        ${m.contextLength ?? 4096}`, template: '{{ .Prompt }}',
      details: entry.details, model_info: { 'general.architecture': family, 'general.parameter_count': 8_290_000_000, [`${family}.context_length`]: 128000 },
      capabilities: m.capabilities ?? ['completion', 'vision'], modified_at: entry.modified_at,
    });
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    const method = req.method ?? 'GET';
    const text = method === 'POST' ? await readBody(req) : '';
    const parsed: ReturnType<typeof parseBody> = method === 'POST' ? parseBody(text) : { ok: true, value: {} };
    const endpoint = path === '/api/chat' ? 'chat' : path === '/api/generate' ? 'generate' : undefined;
    const inference = endpoint && parsed.ok ? toInference(endpoint, parsed.value) : undefined;
    const key = inference ? toCanonicalName(inference.model) : undefined;
    if (key) {
      inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
      peak.set(key, Math.max(peak.get(key) ?? 0, inFlight.get(key)!));
      totalInFlight += 1;
      totalPeak = Math.max(totalPeak, totalInFlight);
    }
    const record: RecordedRequest = {
      method, path, body: parsed.ok ? parsed.value : text, model: inference?.model ?? (parsed.ok && typeof parsed.value.model === 'string' ? parsed.value.model : undefined),
      inference, inFlightAtArrival: key ? inFlight.get(key)! : 0, receivedAt: Date.now(), finishedAt: undefined, status: undefined, behaviour: undefined,
    };
    requests.push(record);
    res.on('close', () => {
      record.finishedAt = Date.now();
      record.status = res.headersSent ? res.statusCode : undefined;
      if (key) {
        inFlight.set(key, inFlight.get(key)! - 1);
        totalInFlight -= 1;
      }
    });
    const get = method === 'GET' || method === 'HEAD';
    if (path === '/') return get ? sendText(res, 200, 'Ollama is running') : sendText(res, 405, '405 method not allowed');
    if (path === '/api/version') return get ? sendJson(res, 200, { version: options.version ?? (era === 'B' ? '0.32.15' : '0.12.6') }) : sendText(res, 405, '405 method not allowed');
    if (path === '/api/tags') return get ? sendJson(res, 200, { models: [...models.values()].map(modelEntry) }) : sendText(res, 405, '405 method not allowed');
    if (path === '/api/ps') {
      const now = Date.now();
      const list = [...loaded.values()].filter((l) => l.expiresAt > now).sort((a, b) => b.expiresAt - a.expiresAt);
      return get ? sendJson(res, 200, { models: list.map(psEntry) }) : sendText(res, 405, '405 method not allowed');
    }
    if (path !== '/api/show' && !endpoint) return sendText(res, 404, '404 page not found');
    if (method !== 'POST') return sendText(res, 405, '405 method not allowed');
    if (!parsed.ok) return sendError(res, 400, parsed.error);
    if (path === '/api/show') return show(parsed.value, res);
    const invalid = validateInference(host, inference!, parsed.value);
    if (invalid) return sendError(res, invalid.status, invalid.error);
    await runInference(host, record, parsed.value, req, res);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => sendError(res, 500, error instanceof Error ? error.message : String(error)));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  await listen(options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  const stop = () => new Promise<void>((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    for (const socket of sockets) socket.destroy();
  });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    inferences: (model) => requests.filter((r) => r.inference && r.inference.model !== '' && (model === undefined || toCanonicalName(r.inference.model) === toCanonicalName(model)) && !isLoad(r)),
    maxInFlight: (model) => (model === undefined ? totalPeak : (peak.get(toCanonicalName(model)) ?? 0)),
    script: (rule) => void rules.push({ rule, left: rule.times ?? Number.POSITIVE_INFINITY }),
    setModel: (model) => void models.set(toCanonicalName(model.name), model),
    removeModel: (name) => void models.delete(toCanonicalName(name)),
    stop,
    start: () => (server.listening ? Promise.resolve() : listen(port)),
    close: stop,
  };
}

function isLoad(record: RecordedRequest): boolean {
  const body = record.body as Record<string, unknown>;
  return record.inference?.endpoint === 'chat' ? !Array.isArray(body.messages) || body.messages.length === 0 : typeof body.prompt !== 'string' || body.prompt === '';
}
