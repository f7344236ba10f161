import { configSchema, DEFAULT_OLLAMA_URL } from './schema.js';
import { lookupKey, type LeafKind } from './_schema-walk.js';
import type { ConfigIssue } from './issues.js';
import { setPath, type Layer } from './merge.js';

/** Environment variables with a fixed meaning that are not config paths. */
export const ENV_CONFIG_PATH = 'PROOFSHEET_CONFIG';
export const SECRET_ENV_VARS = {
  ftpPassword: ['PROOFSHEET_FTP_PASSWORD', 'FTP_PASSWORD'],
  mysqlPassword: ['PROOFSHEET_MYSQL_PASSWORD', 'MYSQL_PASSWORD'],
} as const;

const RESERVED = new Set<string>([ENV_CONFIG_PATH, ...SECRET_ENV_VARS.ftpPassword, ...SECRET_ENV_VARS.mysqlPassword]);
const PREFIX = 'PROOFSHEET_';

export type Env = Readonly<Record<string, string | undefined>>;

/** Secrets, read only from the environment and never written to config, logs or the database. */
export interface Secrets {
  readonly ftpPassword: string | null;
  readonly mysqlPassword: string | null;
}

function coerce(raw: string, kind: LeafKind, nullable: boolean): { ok: true; value: unknown } | { ok: false; message: string } {
  if (nullable && raw.trim() === 'null') return { ok: true, value: null };
  switch (kind) {
    case 'string':
      return { ok: true, value: raw };
    case 'number':
      return raw.trim() !== '' && Number.isFinite(Number(raw)) ? { ok: true, value: Number(raw) } : { ok: true, value: raw };
    case 'boolean': {
      const lowered = raw.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(lowered)) return { ok: true, value: true };
      if (['false', '0', 'no', 'off'].includes(lowered)) return { ok: true, value: false };
      return { ok: true, value: raw };
    }
    case 'json':
      try {
        return { ok: true, value: JSON.parse(raw) };
      } catch {
        if (/^[\w.:-]+(,[\w.:-]+)*$/.test(raw.trim())) return { ok: true, value: raw.split(',').map((s) => s.trim()) };
        return { ok: false, message: 'is not valid JSON (objects and arrays are given as JSON in the environment)' };
      }
  }
}

/** Normalises an `OLLAMA_HOST` value (`host`, `host:port` or a URL) to an http URL. */
export function toOllamaUrl(value: string): string {
  const trimmed = value.trim().replace(/\/+$/, '');
  const withScheme = /^[a-z]+:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  try {
    const url = new URL(withScheme);
    if (!url.port && !/^[a-z]+:\/\/[^/]+:\d+/i.test(withScheme)) url.port = '11434';
    return url.origin;
  } catch {
    return withScheme;
  }
}

/**
 * Reads the `PROOFSHEET_*` variables into a config layer. Each variable names a path with `__`
 * between levels (`PROOFSHEET_CAPTION__MODEL`); unknown paths are issues, like unknown file keys.
 */
export function readEnvLayer(env: Env): { layer: Layer; issues: ConfigIssue[]; origins: Map<string, string> } {
  const layer: Layer = {};
  const issues: ConfigIssue[] = [];
  const origins = new Map<string, string>();
  for (const name of Object.keys(env).sort()) {
    const raw = env[name];
    if (!name.startsWith(PREFIX) || RESERVED.has(name) || raw === undefined) continue;
    const segments = name.slice(PREFIX.length).split('__');
    const lookup = lookupKey(configSchema, segments);
    if (!lookup.found) {
      const at = [...lookup.path, lookup.missing.toLowerCase()].join('.');
      issues.push({ path: at, source: 'env', envVar: name, message: `unknown key (known here: ${lookup.known.join(', ') || 'none'})` });
      continue;
    }
    const coerced = coerce(raw, lookup.kind, lookup.nullable);
    const dotted = lookup.path.join('.');
    if (!coerced.ok) {
      issues.push({ path: dotted, source: 'env', envVar: name, message: coerced.message });
      continue;
    }
    setPath(layer, lookup.path, coerced.value);
    origins.set(dotted, name);
  }
  return { layer, issues, origins };
}

/** The defaults that the environment supplies (below the file): `OLLAMA_HOST` → `caption.hosts`. */
export function readEnvDefaults(env: Env): Layer {
  const host = env.OLLAMA_HOST?.trim();
  const url = host ? toOllamaUrl(host) : DEFAULT_OLLAMA_URL;
  return { caption: { hosts: [{ url, slots: 2 }] } };
}

/** Reads secrets from their environment variables (first non-empty name wins). */
export function readSecrets(env: Env): Secrets {
  const first = (names: readonly string[]): string | null => {
    for (const n of names) {
      const value = env[n];
      if (value !== undefined && value !== '') return value;
    }
    return null;
  };
  return { ftpPassword: first(SECRET_ENV_VARS.ftpPassword), mysqlPassword: first(SECRET_ENV_VARS.mysqlPassword) };
}
