import type { ResolvedConfig } from './schema.js';
import type { ConfigIssue } from './issues.js';

/**
 * Cross-field rules, run after the schema accepted every field on its own. Each returns the
 * issues it finds; all rules always run so that every problem is listed at once.
 */
const RULES: ReadonlyArray<(config: ResolvedConfig) => ConfigIssue[]> = [
  function remoteNeedsEndpoints(config) {
    if (config.publish.destination !== 'remote') return [];
    const required: Array<[string, string]> = [
      ['publish.ftp.host', config.publish.ftp.host],
      ['publish.ftp.user', config.publish.ftp.user],
      ['publish.mysql.host', config.publish.mysql.host],
      ['publish.mysql.user', config.publish.mysql.user],
      ['publish.mysql.database', config.publish.mysql.database],
    ];
    return required
      .filter(([, value]) => value.trim() === '')
      .map(([path]) => ({ path, source: 'rules', message: 'is required when publish.destination is "remote"' }));
  },
  function fallbackDiffersFromPrimary(config) {
    const { model, fallbackModel } = config.caption;
    return fallbackModel !== null && fallbackModel === model
      ? [{ path: 'caption.fallbackModel', source: 'rules', message: `must differ from caption.model ("${model}"), or be null` }]
      : [];
  },
  function idleBelowHard(config) {
    const { idleTimeoutSec, hardTimeoutSec } = config.caption;
    return idleTimeoutSec > hardTimeoutSec
      ? [{ path: 'caption.idleTimeoutSec', source: 'rules', message: `must not exceed caption.hardTimeoutSec (${hardTimeoutSec})` }]
      : [];
  },
  function uniqueHosts(config) {
    const seen = new Set<string>();
    const issues: ConfigIssue[] = [];
    config.caption.hosts.forEach((host, index) => {
      const key = host.url.replace(/\/+$/, '').toLowerCase();
      if (seen.has(key)) issues.push({ path: `caption.hosts.${index}.url`, source: 'rules', message: `duplicates an earlier host (${host.url})` });
      seen.add(key);
    });
    return issues;
  },
  function distinctPaths(config) {
    return config.paths.data === config.paths.logs
      ? [{ path: 'paths.logs', source: 'rules', message: 'must differ from paths.data' }]
      : [];
  },
  function databaseUrlMatchesKind(config) {
    const db = config.logging.database;
    if (db === null) return [];
    const isMysql = /^mysql:\/\//i.test(db.url);
    if (db.kind === 'mysql' && !isMysql)
      return [{ path: 'logging.database.url', source: 'rules', message: 'must be a mysql:// URL when kind is "mysql"' }];
    if (db.kind === 'sqlite' && /^[a-z][a-z0-9+.-]+:\/\//i.test(db.url) && !/^file:/i.test(db.url))
      return [{ path: 'logging.database.url', source: 'rules', message: 'must be a file path (or file: URL) when kind is "sqlite"' }];
    return [];
  },
];

/** Runs every cross-field rule. */
export function checkConfigRules(config: ResolvedConfig): ConfigIssue[] {
  return RULES.flatMap((rule) => rule(config));
}
