import type { LogTriage } from './triage-log.js';

/** What an incident report holds besides the triage itself. */
export interface IncidentFacts {
  readonly runId: string;
  readonly status: string;
  readonly generatedAt: Date;
  /** Proofsheet, Node and platform versions. */
  readonly versions: Readonly<Record<string, string>>;
  /** The run's configuration snapshot (secrets already removed when it was recorded). */
  readonly config: unknown;
  /** Facts about the machine and providers (execution provider, Ollama hosts, …). */
  readonly host: Readonly<Record<string, string>>;
  readonly impact: { readonly rows: number; readonly review_status: Readonly<Record<string, number>>; readonly qc_status: Readonly<Record<string, number>> };
  readonly logFiles: readonly string[];
}

const fence = (text: string): string => `\`\`\`\n${text.replace(/```/g, "'''")}\n\`\`\``;
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * The incident report an operator attaches to a bug or a support request (the runbook's "what to
 * capture"): the first error line with its row and file, every deduplicated error, the stack, the
 * analysis, the impact, the configuration snapshot, versions and host facts — one Markdown file.
 */
export function toIncidentMarkdown(triage: LogTriage, facts: IncidentFacts): string {
  const first = triage.first_fatal;
  const lines = [
    `# Incident report: ${facts.runId}`,
    '',
    `Generated ${facts.generatedAt.toISOString()}. Run status: **${facts.status}**. ${triage.error_summary}.`,
    '',
    '## First error',
    '',
    first
      ? [`- where: \`${first.source}\` line ${first.line}${first.timestamp ? `, ${first.timestamp}` : ''}`, `- stage: ${first.stage ?? '—'}; row: ${first.row_id ?? '—'}; file: ${first.file_name ?? '—'}; code: ${first.error_code ?? '—'}`, '', fence(first.message)].join('\n')
      : 'No error was found in the logs read.',
    '',
    '## Analysis',
    '',
    triage.analysis ? [`**${triage.analysis.error_type}** (confidence ${triage.analysis.confidence}): ${triage.analysis.description}`, '', ...triage.analysis.suggestions.map((s) => `- ${s}`)].join('\n') : '—',
    '',
    '## Errors (deduplicated)',
    '',
    '| count | stage | code / class | message | rows | files | first seen | last seen |',
    '|---|---|---|---|---|---|---|---|',
    ...triage.errors.map((e) => `| ${e.count} | ${e.stage ?? '—'} | ${e.error_code ?? e.error_type} | ${cell(e.message.slice(0, 300))} | ${e.row_ids.slice(0, 10).join(', ')} | ${cell(e.file_names.slice(0, 5).join(', '))} | ${e.first_seen ?? '—'} | ${e.last_seen ?? '—'} |`),
    '',
    '## Stack',
    '',
    triage.traceback ? fence(triage.traceback.raw) : 'No stack trace.',
    '',
    '## Impact',
    '',
    `${facts.impact.rows} row(s) of this run. Review_Status: ${JSON.stringify(facts.impact.review_status)}. QC_Status: ${JSON.stringify(facts.impact.qc_status)}.`,
    '',
    '## Versions and host',
    '',
    ...Object.entries({ ...facts.versions, ...facts.host }).map(([k, v]) => `- ${k}: ${v}`),
    '',
    '## Configuration (as recorded by the run, secrets removed)',
    '',
    fence(JSON.stringify(facts.config, null, 2)),
    '',
    '## Logs read',
    '',
    ...facts.logFiles.map((f) => `- \`${f}\``),
    `- ${triage.lines_read} line(s), ${triage.malformed_lines} unreadable`,
    '',
  ];
  return lines.join('\n');
}
