/** Where a configuration value came from, in increasing precedence. */
export type ConfigSource = 'defaults' | 'file' | 'env' | 'flags' | 'rules';

/** One configuration problem, located by its dotted path (`caption.maxAttempts`). */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
  readonly source: ConfigSource;
  /** The environment variable that set the value, when the source is `env`. */
  readonly envVar?: string;
}

/** Formats issues one per line, e.g. `caption.maxAttempts: must be ≥ 1 (from env PROOFSHEET_CAPTION__MAXATTEMPTS)`. */
export function formatConfigIssues(issues: readonly ConfigIssue[]): string {
  return issues
    .map((issue) => {
      const where =
        issue.source === 'env' && issue.envVar
          ? ` (from env ${issue.envVar})`
          : issue.source === 'file' || issue.source === 'flags'
            ? ` (from ${issue.source === 'file' ? 'config file' : 'command-line flag'})`
            : '';
      return `${issue.path || '(root)'}: ${issue.message}${where}`;
    })
    .join('\n');
}

/** Edit distance, for "did you mean" hints on misspelt keys. */
export function closestKey(key: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = levenshtein(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : null;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
    }
    previous = current;
  }
  return previous[b.length] as number;
}
