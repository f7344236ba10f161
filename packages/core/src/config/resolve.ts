import type { z } from 'zod';
import { configSchema, type ResolvedConfig, type UserConfig } from './schema.js';
import { closestKey, type ConfigIssue, type ConfigSource } from './issues.js';
import { hasPath, isPlainObject, mergeLayers, type Layer } from './merge.js';
import { readEnvDefaults, readEnvLayer, readSecrets, type Env, type Secrets } from './env.js';
import { checkConfigRules } from './rules.js';
import { knownKeysAt } from './_schema-walk.js';
import { isSecretKey } from '../redact.js';

/** A deep-partial config, as CLI flags supply it (`{ caption: { enabled: false } }`). */
export type ConfigOverrides = { [K in keyof UserConfig]?: UserConfig[K] extends object ? Partial<UserConfig[K]> : UserConfig[K] };

/** Everything the resolver reads. It does no I/O: the caller reads the file and the environment. */
export interface ConfigInputs {
  /** The config file's path (for messages) and text; absent when there is no file. */
  readonly file?: { readonly path: string; readonly text: string } | undefined;
  readonly env: Env;
  readonly flags?: ConfigOverrides | undefined;
}

export type ConfigResult =
  | { readonly ok: true; readonly config: ResolvedConfig; readonly secrets: Secrets }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

function parseFile(file: NonNullable<ConfigInputs['file']>): { layer: Layer; issues: ConfigIssue[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(file.text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { layer: {}, issues: [{ path: '', source: 'file', message: `${file.path} is not valid JSON: ${detail}` }] };
  }
  if (!isPlainObject(parsed)) {
    return { layer: {}, issues: [{ path: '', source: 'file', message: `${file.path} must hold a JSON object` }] };
  }
  const issues: ConfigIssue[] = [];
  const layer = stripSecrets(parsed, [], issues);
  return { layer, issues };
}

/** Secrets never come from the file: report each one and drop it, so it is not echoed anywhere. */
function stripSecrets(node: Record<string, unknown>, path: string[], issues: ConfigIssue[]): Layer {
  const out: Layer = {};
  for (const [key, value] of Object.entries(node)) {
    const here = [...path, key];
    if (isSecretKey(key)) {
      issues.push({ path: here.join('.'), source: 'file', message: secretHint(here.join('.')) });
    } else if (key === 'url' && typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\/\/[^\s/@]*:[^\s/@]+@/i.test(value)) {
      issues.push({
        path: here.join('.'),
        source: 'file',
        message: `holds a password; set the URL in the environment instead (PROOFSHEET_${here.map((s) => s.toUpperCase()).join('__')})`,
      });
    } else {
      out[key] = isPlainObject(value) ? stripSecrets(value, here, issues) : value;
    }
  }
  return out;
}

function secretHint(path: string): string {
  const variable = /ftp/i.test(path) ? 'PROOFSHEET_FTP_PASSWORD' : /mysql/i.test(path) ? 'PROOFSHEET_MYSQL_PASSWORD' : 'the environment';
  return `secrets are not read from the config file; set ${variable} instead`;
}

function toIssues(error: z.ZodError, layers: Record<Exclude<ConfigSource, 'rules' | 'defaults'>, Layer>, envOrigins: Map<string, string>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(configSchema, issue.path as (string | number)[]);
      for (const key of issue.keys) {
        const hint = closestKey(key, known);
        const path = [...base, key];
        issues.push({ path: path.join('.'), ...sourceOf(path, layers, envOrigins), message: hint ? `unknown key (did you mean "${hint}"?)` : 'unknown key' });
      }
      continue;
    }
    issues.push({ path: base.join('.'), ...sourceOf(base, layers, envOrigins), message: issue.message });
  }
  return issues;
}

function sourceOf(path: readonly string[], layers: Record<'file' | 'env' | 'flags', Layer>, envOrigins: Map<string, string>): { source: ConfigSource; envVar?: string } {
  if (hasPath(layers.flags, path)) return { source: 'flags' };
  if (hasPath(layers.env, path)) {
    for (let i = path.length; i > 0; i -= 1) {
      const envVar = envOrigins.get(path.slice(0, i).join('.'));
      if (envVar) return { source: 'env', envVar };
    }
    return { source: 'env' };
  }
  if (hasPath(layers.file, path)) return { source: 'file' };
  return { source: 'defaults' };
}

/**
 * Resolves the configuration: defaults < file < environment < flags, then schema validation,
 * then cross-field rules. Returns every problem at once, each with its dotted path and source.
 */
export function resolveConfig(inputs: ConfigInputs): ConfigResult {
  const file = inputs.file ? parseFile(inputs.file) : { layer: {}, issues: [] };
  const env = readEnvLayer(inputs.env);
  const flags = (inputs.flags ?? {}) as Layer;
  const merged = mergeLayers(readEnvDefaults(inputs.env), file.layer, env.layer, flags);
  const parsed = configSchema.safeParse(merged);
  const issues = [...file.issues, ...env.issues];
  if (!parsed.success) {
    issues.push(...toIssues(parsed.error, { file: file.layer, env: env.layer, flags }, env.origins));
    return { ok: false, issues };
  }
  issues.push(...checkConfigRules(parsed.data));
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, config: parsed.data, secrets: readSecrets(inputs.env) };
}
