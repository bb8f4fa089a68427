import type { Mailer, MailMessage } from './mailer.js';

/**
 * Keeps mail in memory when no SMTP server is configured: a single-machine install still works (the log shows
 * who was mailed what subject) and tests read the messages. Bodies hold secrets (sign-in links): never logged.
 */
export class OutboxMailer implements Mailer {
  readonly messages: MailMessage[] = [];
  constructor(
    private readonly log: (line: string) => void = (line) => console.log(line),
    private readonly keep = 100,
  ) {}

  async send(message: MailMessage): Promise<void> {
    this.messages.push(message);
    if (this.messages.length > this.keep) this.messages.shift();
    this.log(`mail to ${message.to}: ${message.subject}`);
  }

  /** The newest message to an address, for tests and the development console. */
  lastTo(to: string): MailMessage | undefined {
    return this.messages.findLast((m) => m.to === to);
  }
}
