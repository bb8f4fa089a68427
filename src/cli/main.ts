#!/usr/bin/env node
import { Command } from 'commander';

/** A command module: adds its command, options and action to the program. */
type Register = (program: Command) => void;

// Listed explicitly, in the order of `agora --help`. Loaded on demand: `agora classify` need not load the web
// server, the database drivers and every importer first (over a second of start-up on a small machine).
const COMMANDS: ReadonlyArray<readonly [string, () => Promise<Register>]> = [
  ['serve', async () => (await import('./commands/serve.js')).register],
  ['migrate', async () => (await import('./commands/migrate.js')).register],
  ['import', async () => (await import('./commands/import.js')).register],
  ['export', async () => (await import('./commands/export.js')).register],
  ['webhook', async () => (await import('./commands/webhook.js')).register],
  ['train', async () => (await import('./commands/train.js')).register],
  ['classify', async () => (await import('./commands/classify.js')).register],
  ['eval', async () => (await import('./commands/eval.js')).register],
  ['user', async () => (await import('./commands/user.js')).register],
];

const program = new Command()
  .name('agora')
  .description('Agora: self-hosted discussion for news sites. Every command honours DATABASE_URL.')
  .showHelpAfterError();

async function main(): Promise<void> {
  const named = COMMANDS.filter(([name]) => name === process.argv[2]);
  // Help, an option or an unknown word: register every command, so help lists them and typos get suggestions.
  for (const [, load] of named.length > 0 ? named : COMMANDS) (await load())(program);
  await program.parseAsync(process.argv);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
