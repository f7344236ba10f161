import fs from 'node:fs';
import path from 'node:path';
import {
  ENV_CONFIG_PATH,
  ProofsheetError,
  formatConfigIssues,
  resolveConfig,
  type ConfigOverrides,
  type Env,
  type ResolvedConfig,
  type Secrets,
} from '@proofsheet/core';

/** The config file name at the project root. */
export const CONFIG_FILE_NAME = 'proofsheet.config.json';
/** The generated JSON Schema's file name, referenced by `$schema` in the config file. */
export const SCHEMA_FILE_NAME = 'proofsheet.schema.json';

/** A loaded configuration plus where it came from. */
export interface LoadedConfig {
  readonly config: ResolvedConfig;
  readonly secrets: Secrets;
  /** Absolute path of the config file read, or null when none exists (defaults apply). */
  readonly file: string | null;
}

/**
 * Finds the config file: `--config`, else `PROOFSHEET_CONFIG`, else `<root>/proofsheet.config.json`.
 * Relative paths resolve against the working directory.
 */
export function locateConfigFile(root: string, cwd: string, env: Env, flagPath: string | undefined): { path: string; explicit: boolean } {
  const explicit = flagPath ?? env[ENV_CONFIG_PATH];
  if (explicit) return { path: path.resolve(cwd, explicit), explicit: true };
  return { path: path.join(root, CONFIG_FILE_NAME), explicit: false };
}

/**
 * Reads and resolves the configuration. A missing default file means "defaults"; a missing
 * explicit file is an error. Every problem is thrown at once as `CONFIG_INVALID` with the list
 * in `details.issues`.
 */
export function loadConfig(options: { root: string; cwd: string; env: Env; configPath?: string | undefined; flags?: ConfigOverrides }): LoadedConfig {
  const located = locateConfigFile(options.root, options.cwd, options.env, options.configPath);
  let text: string | undefined;
  try {
    text = fs.readFileSync(located.path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' || located.explicit) {
      throw new ProofsheetError(code === 'ENOENT' ? 'CONFIG_NOT_FOUND' : 'CONFIG_PARSE', `cannot read config file ${located.path}: ${code ?? String(error)}`, { cause: error });
    }
  }
  const result = resolveConfig({
    file: text === undefined ? undefined : { path: located.path, text },
    env: options.env,
    flags: options.flags,
  });
  if (!result.ok) {
    const count = result.issues.length;
    throw new ProofsheetError(
      'CONFIG_INVALID',
      `invalid configuration (${count} problem${count === 1 ? '' : 's'}):\n${indent(formatConfigIssues(result.issues))}`,
      { details: { file: text === undefined ? null : located.path, issues: result.issues } },
    );
  }
  return { config: result.config, secrets: result.secrets, file: text === undefined ? null : located.path };
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
