/** One email. Bodies are built by templates that escape user text. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
}

/**
 * Sends email. The SMTP implementation (nodemailer) is chosen in deps.ts from SMTP_URL; without it, a logging
 * outbox keeps messages in memory so a single-machine install works and tests can read them.
 */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}
