import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { ProofsheetError, toProjectPaths, type ResolvedConfig } from '@proofsheet/core';
import { openLogRuntime, type LogRuntime } from '@proofsheet/log';
import { openQueueDatabase } from '@proofsheet/queue';
import { createAccessControl, isLoopbackHost, type AccessControl } from './access-control.js';
import { buildReviewApp, type RouteEntry } from './build-app.js';
import type { ReviewContext } from './review-context.js';
import { createPublishJobs } from './publish-jobs.js';
import { createRunLauncher, type CliCommand } from './run-launcher.js';

/** Options of {@link createReviewServer}. */
export interface ReviewServerOptions {
  /** The project root (holds `data/` and `logs/` as configured). */
  readonly root: string;
  readonly config: ResolvedConfig;
  /** Overrides `review.host` (`--host`). */
  readonly host?: string;
  /** Overrides `review.port` (`--port`); 0 picks a free port. */
  readonly port?: number;
  /** `review.allowRemote`: required to bind anything but loopback. */
  readonly allowRemote?: boolean;
  /** How to start the CLI for batches (`POST /api/runs`); null: batches cannot be started. */
  readonly cli?: CliCommand | null;
  /** Environment of those child processes. */
  readonly childEnv?: Readonly<Record<string, string>>;
  /** The process's log runtime (the command's); without it the server opens and closes its own. */
  readonly logs?: LogRuntime;
  readonly version?: string;
  /**
   * How long a write waits for the CLI's lock before answering `503 DB_BUSY` (default 1000 ms).
   * SQLite waits synchronously, so this is kept short: the CLI's transactions are short, and a long
   * wait would hold up every other request.
   */
  readonly busyTimeoutMs?: number;
}

/** A listening review server. */
export interface ReviewServer {
  /** `http://host:port` (no token). */
  readonly url: string;
  /** The access token of this server's lifetime (the URL to open is `${url}/?token=${token}`). */
  readonly token: string;
  readonly port: number;
  /** Every registered route (the security suite checks each). */
  readonly routes: readonly RouteEntry[];
  /** Warnings for the operator (a non-loopback bind). */
  readonly warnings: readonly string[];
  /** Stops accepting requests, stops a batch it started, closes the database and its logs. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the review server (SPEC §10) on `review.host:review.port` (127.0.0.1:4780 by default) over
 * the project's database: a fresh access token, the API routes, `logs/review.log`. A host other
 * than loopback is refused unless `allowRemote` (then a warning is returned). A project without a
 * database is `DB_NOT_INITIALISED`.
 */
export async function createReviewServer(options: ReviewServerOptions): Promise<ReviewServer> {
  const { config } = options;
  const host = options.host ?? config.review.host;
  const warnings: string[] = [];
  if (!isLoopbackHost(host)) {
    if (options.allowRemote !== true) {
      throw new ProofsheetError('CONFIG_INVALID', `review host ${host} is not loopback; set review.allowRemote to true to serve other computers`, { details: { host } });
    }
    warnings.push(`warning: the review server listens on ${host}: anyone who can reach it and has the token can change the queue; use it only on a trusted network`);
  }
  const paths = toProjectPaths(options.root, config.paths);
  if (!fs.existsSync(paths.database)) throw new ProofsheetError('DB_NOT_INITIALISED', `no database at ${paths.database}; run "proofsheet init" first`, { details: { database: paths.database } });
  // The token exists before any logger, so a logger this server opens masks it too.
  const token = randomBytes(32).toString('base64url');
  const ownLogs = options.logs === undefined;
  const logs = options.logs ?? (await openLogRuntime({ logsDir: paths.logs, level: config.logging.level, secrets: [token] }));
  const logger = logs.openProcessLogger('review');
  const db = openQueueDatabase(paths.database, { busyTimeoutMs: options.busyTimeoutMs ?? 1000 });
  const runs = createRunLauncher(paths.root, options.cli ?? null, options.childEnv ?? {}, (batch, code, signal) =>
    logger.log.info({ event: 'batch_exited', pid: batch.pid, command: batch.args[0], exit_code: code, signal }, 'batch finished'),
  );
  const publish = createPublishJobs(paths.root, options.cli ?? null, options.childEnv ?? {});
  const context: { -readonly [K in keyof ReviewContext]: ReviewContext[K] } = {
    root: paths.root, config, paths, db, log: logger.log, runs, publish, version: options.version ?? '0.1.0', sinkHealth: () => logs.health(),
    access: null as unknown as AccessControl, // set once the port is known, before the first request
  };
  const release = async (): Promise<void> => {
    await runs.close();
    await publish.close();
    db.close();
    logger.close();
    if (ownLogs) await logs.close();
  };
  try {
    const { app, routes } = await buildReviewApp(context);
    await app.listen({ host, port: options.port ?? config.review.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? config.review.port);
    context.access = createAccessControl(host, port, token);
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    logger.log.info({ event: 'review_started', host, port, routes: routes.length }, 'review server listening');
    let closing: Promise<void> | null = null;
    return {
      url, token: context.access.token, port, routes, warnings,
      close: () => (closing ??= (async () => {
        await app.close();
        logger.log.info({ event: 'review_stopped' }, 'review server stopped');
        await release();
      })()),
    };
  } catch (error) {
    await release();
    throw error;
  }
}
