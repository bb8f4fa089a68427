import type { Command } from 'commander';
import { AppError } from '../../errors.js';
import { StoreJobQueue } from '../../jobs/store-queue.js';
import { WEBHOOK_EVENTS, WebhookService, type WebhookEvent } from '../../webhooks/webhook.service.js';
import { fail, withDeps } from '../context.js';

/** `webhook add`: until the admin API has its authorization, operators register webhooks here. */
export function register(program: Command): void {
  const cmd = program.command('webhook').description("manage a site's webhooks");
  cmd
    .command('add')
    .description('register a webhook; prints its id and signing secret (shown once)')
    .requiredOption('--site <id>', 'the site')
    .requiredOption('--url <url>', 'where to POST events')
    .option('--events <list>', `comma-separated: ${WEBHOOK_EVENTS.join(', ')}`, WEBHOOK_EVENTS.join(','))
    .action(async (opts: { site: string; url: string; events: string }) => {
      await withDeps(async (deps) => {
        try {
          await deps.sites.get(opts.site);
          const queue = new StoreJobQueue({ db: deps.store.db, dialect: deps.store.dialect, clock: deps.clock, ids: deps.ids });
          const service = new WebhookService({ db: deps.store.db, clock: deps.clock, ids: deps.ids, queue });
          const events = opts.events.split(',').map((e) => e.trim()) as WebhookEvent[];
          const { webhook, secret } = await service.create({ siteId: opts.site, url: opts.url, events });
          console.log(`webhook ${webhook.id} → ${webhook.url} (${webhook.events.join(', ')})\nsecret: ${secret}`);
        } catch (err) {
          if (err instanceof AppError) return fail(err.message);
          throw err;
        }
      });
    });
}
