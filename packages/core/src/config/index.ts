export { configSchema, toConfigJsonSchema, DEFAULT_OLLAMA_URL, type ResolvedConfig, type UserConfig } from './schema.js';
export { resolveConfig, type ConfigInputs, type ConfigOverrides, type ConfigResult } from './resolve.js';
export { formatConfigIssues, type ConfigIssue, type ConfigSource } from './issues.js';
export { ENV_CONFIG_PATH, SECRET_ENV_VARS, toOllamaUrl, type Env, type Secrets } from './env.js';
export { toRedactedConfig } from './redact-config.js';
