#!/usr/bin/env node
import { Command } from 'commander';
import { register as classify } from './commands/classify.js';
import { register as evaluate } from './commands/eval.js';
import { register as exportCmd } from './commands/export.js';
import { register as importCmd } from './commands/import.js';
import { register as migrate } from './commands/migrate.js';
import { register as serve } from './commands/serve.js';
import { register as train } from './commands/train.js';
import { register as webhook } from './commands/webhook.js';
import { register as user } from './commands/user.js';

const program = new Command()
  .name('agora')
  .description('Agora: self-hosted discussion for news sites. Every command honours DATABASE_URL.')
  .showHelpAfterError();

// Listed explicitly: the CLI's commands are visible here, in the order of `agora --help`.
for (const register of [serve, migrate, importCmd, exportCmd, webhook, train, classify, evaluate, user]) register(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
