import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authEmail } from './auth-emails.js';
import { OutboxMailer } from './outbox.js';
import { SmtpMailer } from './smtp.js';

let server: SMTPServer;
let port = 0;
const received: Array<{ from: string; to: string[]; raw: string }> = [];

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

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
