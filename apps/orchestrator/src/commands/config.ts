import { toRedactedConfig } from '@proofsheet/core';
import type { CommandSpec } from '../cli/command.js';
import { EXIT } from '../cli/exit-codes.js';

/** `proofsheet config`: prints the resolved configuration with secrets redacted. */
export const configCommand: CommandSpec = {
  name: 'config',
  summary: 'print the resolved configuration (defaults < file < env < flags), secrets redacted',
  synopsis: 'proofsheet config',
  async run(ctx) {
    const loaded = ctx.loadConfig();
    const redacted = toRedactedConfig(loaded.config);
    ctx.io.err(`config file: ${loaded.file ?? '(none: defaults and environment only)'}`);
    const secrets = {
      ftpPassword: loaded.secrets.ftpPassword === null ? 'not set' : 'set',
      mysqlPassword: loaded.secrets.mysqlPassword === null ? 'not set' : 'set',
    };
    if (ctx.json) ctx.emit({ file: loaded.file, config: redacted, secrets });
    else ctx.io.out(JSON.stringify(redacted, null, 2));
    return EXIT.ok;
  },
};
