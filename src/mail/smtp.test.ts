import { afterAll, beforeAll, expect, it } from 'vitest';
import { authEmail } from './auth-emails.js';
import { OutboxMailer } from './outbox.js';
import { SmtpMailer } from './smtp.js';
import { startSmtpServer, type ReceivedMail } from '../test-support/smtp.js';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let port = 0;
let received: ReceivedMail[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer();
  ({ port, received } = smtp);
});
afterAll(() => smtp.close());

it('sends account emails through a real SMTP server', async () => {
  const mailer = new SmtpMailer(`smtp://127.0.0.1:${port}`, 'Agora <no-reply@agora.test>');
  await mailer.send(authEmail('magic', 'reader@example.org', 'http://agora.test/auth/magic?token=abc<def'));
  mailer.close();
  expect(received).toHaveLength(1);
  expect(received[0]).toMatchObject({ from: 'no-reply@agora.test', to: ['reader@example.org'] });
  expect(received[0]!.raw).toMatch(/Subject: Your sign-in link/);
  // The link is escaped in the HTML part.
  expect(received[0]!.raw).toMatch(/abc&lt;def/);
});

it('the outbox logs recipient and subject, never the body', async () => {
  const lines: string[] = [];
  const outbox = new OutboxMailer((l) => lines.push(l));
  await outbox.send(authEmail('reset', 'r@example.org', 'http://agora.test/auth/reset?token=SECRET'));
  expect(lines).toEqual(['mail to r@example.org: Reset your password']);
  expect(outbox.lastTo('r@example.org')?.text).toContain('SECRET');
});
