import { z } from 'zod';

/**
 * The configuration schema (SPEC §12). Key names are a contract: add keys freely, rename none.
 * Every object is strict, so a typo is an error rather than a silently ignored key. Defaults live
 * here, so an empty file (or no file) yields a complete, working configuration.
 */

const positiveInt = z.number().int().min(1);
const port = z.number().int().min(0).max(65535);
const nonEmpty = z.string().trim().min(1);

const hostSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:11434' }),
  slots: positiveInt.max(64).default(2),
});

const modelSpecSchema = z.strictObject({
  path: nonEmpty,
  inputSize: positiveInt.default(224),
  mean: z.array(z.number()).length(3).default([0.485, 0.456, 0.406]),
  std: z.array(z.number().positive()).length(3).default([0.229, 0.224, 0.225]),
  layout: z.enum(['nchw', 'nhwc']).default('nchw'),
  output: z.enum(['score_0_10', 'score_0_1', 'distribution_1_10']).default('score_0_10'),
});

export const DEFAULT_OLLAMA_URL = 'http://127.0.0.1:11434';

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  paths: z
    .strictObject({
      data: nonEmpty.default('data'),
      logs: nonEmpty.default('logs'),
    })
    .prefault({}),
  naming: z
    .strictObject({
      template: nonEmpty.default('{subject}_{location}_{category}_{camera}_{year}_{seq}'),
      maxLength: positiveInt.max(255).default(150),
    })
    .prefault({}),
  concurrency: z
    .strictObject({
      stage: positiveInt.max(64).default(2),
      quality: positiveInt.max(64).default(1),
      derive: positiveInt.max(64).default(2),
    })
    .prefault({}),
  quality: z
    .strictObject({
      providers: z.array(z.enum(['cuda', 'webgpu', 'cpu'])).min(1).default(['cuda', 'webgpu', 'cpu']),
      proxyMaxEdge: positiveInt.min(64).max(16384).default(4096),
      models: z
        .strictObject({
          nima: modelSpecSchema.nullable().default(null),
          clipAesthetic: modelSpecSchema.nullable().default(null),
        })
        .prefault({}),
    })
    .prefault({}),
  caption: z
    .strictObject({
      enabled: z.boolean().default(true),
      hosts: z.array(hostSchema).min(1).default([{ url: DEFAULT_OLLAMA_URL, slots: 2 }]),
      model: nonEmpty.default('qwen2.5vl:7b'),
      fallbackModel: nonEmpty.nullable().default(null),
      keywords: z.number().int().min(5).max(12).default(8),
      maxAttempts: positiveInt.max(10).default(3),
      idleTimeoutSec: positiveInt.default(300),
      hardTimeoutSec: positiveInt.default(900),
      quarantineAfter: positiveInt.default(3),
      unavailableAfterSec: positiveInt.default(600),
    })
    .prefault({}),
  publish: z
    .strictObject({
      destination: z.enum(['local', 'remote']).default('local'),
      jpegQuality: z.number().int().min(1).max(100).default(90),
      stripGps: z.boolean().default(true),
      watermark: z.string().nullable().default(null),
      publicUrlBase: z.url().default('https://example.com/images'),
      copyright: z.string().nullable().default(null),
      ftp: z
        .strictObject({
          host: z.string().default(''),
          port: port.default(21),
          user: z.string().default(''),
          secure: z.boolean().default(false),
          allowSelfSigned: z.boolean().default(false),
          remoteBase: z.string().default('/images'),
        })
        .prefault({}),
      mysql: z
        .strictObject({
          host: z.string().default(''),
          port: port.default(3306),
          user: z.string().default(''),
          database: z.string().default(''),
          table: z
            .string()
            .regex(/^[A-Za-z0-9_]+$/, 'must be a plain table name (letters, digits, _)')
            .default('photos_info_revamp'),
        })
        .prefault({}),
    })
    .prefault({}),
  review: z
    .strictObject({
      host: nonEmpty.default('127.0.0.1'),
      port: port.default(4780),
      /** Allow binding the review server to a non-loopback address (it is then reachable from the network: a warning is printed). */
      allowRemote: z.boolean().default(false),
    })
    .prefault({}),
  logging: z
    .strictObject({
      level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
      sharedDir: nonEmpty.nullable().default(null),
      /** Run log folders (logs/runs/) and preflight reports (logs/preflight/) kept; older ones are removed, never an unresolved run's. */
      keepRuns: z.number().int().min(1).default(200),
      database: z
        .strictObject({
          kind: z.enum(['sqlite', 'mysql']),
          url: nonEmpty,
          required: z.boolean().default(false),
        })
        .nullable()
        .default(null),
    })
    .prefault({}),
});

/** A configuration as a user writes it: every key optional. */
export type UserConfig = z.input<typeof configSchema>;

/** A validated configuration with every default filled in. */
export type ResolvedConfig = z.output<typeof configSchema>;

/** The JSON Schema of `proofsheet.config.json`, for editor completion via `$schema`. */
export function toConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: 'Proofsheet configuration (proofsheet.config.json)' };
}
