import type { ProjectPaths, ResolvedConfig } from '@proofsheet/core';
import type { Logger } from '@proofsheet/log';
import type { SqliteDatabase } from '@proofsheet/queue';
import type { AccessControl } from './access-control.js';
import type { PublishJobs } from './publish-jobs.js';
import type { RunLauncher } from './run-launcher.js';

/** What every route of the review server uses, decorated onto the Fastify instance as `review`. */
export interface ReviewContext {
  readonly root: string;
  readonly config: ResolvedConfig;
  readonly paths: ProjectPaths;
  readonly db: SqliteDatabase;
  /** `logs/review.log`. */
  readonly log: Logger;
  readonly access: AccessControl;
  readonly runs: RunLauncher;
  /** `proofsheet publish` children and their events. */
  readonly publish: PublishJobs;
  /** The version reported by `GET /api/health`. */
  readonly version: string;
  /** Sink health for `GET /api/health`. */
  readonly sinkHealth: () => ReadonlyArray<{ readonly name: string; readonly required: boolean; readonly alive: boolean; readonly errors: number }>;
}

declare module 'fastify' {
  interface FastifyInstance {
    review: ReviewContext;
  }
  interface FastifyContextConfig {
    /** `public`: no token needed (health); `exchange`: the route checks the token itself (`/`). */
    auth?: 'public' | 'exchange';
  }
}
