import { html } from '../lib/html.js';
import type { MailMessage } from './mailer.js';

export type AuthEmailKind = 'magic' | 'verify' | 'reset';

const COPY: Record<AuthEmailKind, { subject: string; intro: string; action: string }> = {
  magic: { subject: 'Your sign-in link', intro: 'Use this link to sign in. It works once, for 15 minutes.', action: 'Sign in' },
  verify: { subject: 'Confirm your email address', intro: 'Confirm this address for your comment account. The link works for 24 hours.', action: 'Confirm address' },
  reset: { subject: 'Reset your password', intro: 'Someone (hopefully you) asked to reset your password. The link works once, for an hour.', action: 'Choose a new password' },
};

/** The account emails. The link is the only variable part; it is escaped like any other text. */
export function authEmail(kind: AuthEmailKind, to: string, link: string): MailMessage {
  const c = COPY[kind];
  return {
    to,
    subject: c.subject,
    text: `${c.intro}\n\n${link}\n\nIf you did not ask for this, ignore this email.\n`,
    html: html`<p>${c.intro}</p><p><a href="${link}">${c.action}</a></p><p>If you did not ask for this, ignore this email.</p>`.value,
  };
}
