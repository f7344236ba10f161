import { fileURLToPath } from 'node:url';
import { ProofsheetError } from '@proofsheet/core';
import { createReviewServer } from '@proofsheet/review';
import type { CommandContext, CommandSpec } from '../cli/command.js';
import { EXIT } from '../cli/exit-codes.js';
import { VERSION } from '../version.js';

/** The compiled CLI next to this module (dist/commands → bin), started for batches the review page asks for. */
const CLI_BIN = fileURLToPath(new URL('../../bin/proofsheet.mjs', import.meta.url));

function readPort(ctx: CommandContext): number | undefined {
  const raw = ctx.options.port;
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\d{1,5}$/.test(raw) || Number(raw) > 65535) throw new ProofsheetError('USAGE', `--port must be a port number (0-65535), got "${String(raw)}"`, { details: { command: 'review' } });
  return Number(raw);
}

function toChildEnv(env: CommandContext['env']): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/**
 * `proofsheet review [--port N] [--host H]`: serves the review API on `review.host:review.port`
 * (127.0.0.1:4780) and prints the URL with this session's access token; a non-loopback host needs
 * `review.allowRemote` and prints a warning. Runs until Ctrl+C (or SIGTERM), then closes cleanly.
 */
export const reviewCommand: CommandSpec = {
  name: 'review',
  summary: 'serve the review API on 127.0.0.1 (prints the URL with an access token); Ctrl+C stops it',
  synopsis: 'proofsheet review [--port N] [--host H]',
  options: { port: { type: 'string' }, host: { type: 'string' } },
  async run(ctx) {
    const port = readPort(ctx);
    const host = typeof ctx.options.host === 'string' ? ctx.options.host : undefined;
    const { config } = ctx.loadConfig({ review: { ...(port !== undefined ? { port } : {}), ...(host !== undefined ? { host } : {}) } });
    const logs = await ctx.startLogging();
    const allowRemote = config.review.allowRemote;
    const server = await createReviewServer({ root: ctx.root, config, allowRemote, logs, version: VERSION, cli: { node: process.execPath, bin: CLI_BIN }, childEnv: toChildEnv(ctx.env) });
    for (const warning of server.warnings) ctx.io.err(warning);
    ctx.say(`Review server listening on ${server.url}`);
    ctx.say(`Open ${server.url}/?token=${server.token}`);
    ctx.say('Press Ctrl+C to stop.');
    const releases: Array<() => void> = [];
    await new Promise<void>((resolve) => releases.push(ctx.hooks.onSignal('SIGINT', resolve), ctx.hooks.onSignal('SIGTERM', resolve)));
    for (const release of releases) release();
    await server.close();
    ctx.say('Review server stopped.');
    return EXIT.ok;
  },
};
