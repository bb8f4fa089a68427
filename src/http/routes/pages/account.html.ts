import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { html, type SafeHtml } from '../../../lib/html.js';
import { layout } from './layout.js';

export const Str = (max = 1000) => Type.Optional(Type.String({ maxLength: max }));

export function page(reply: FastifyReply, title: string, body: SafeHtml, status = 200) {
  return reply
    .status(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(layout({ title: `${title} · Agora`, siteName: 'Agora', body: html`<section class="account"><h1>${title}</h1>${body}</section>` }));
}

export const field = (label: string, name: string, type: string, extra: SafeHtml | string = '') =>
  html`<p><label>${label}<br><input name="${name}" type="${type}" required ${extra}></label></p>`;
export const hidden = (name: string, value: string | undefined) => (value ? html`<input type="hidden" name="${name}" value="${value}">` : '');
export const problem = (message: string | undefined): SafeHtml => (message ? html`<p class="problem" role="alert">${message}</p>` : html``);

export function signInForm(next: string | undefined, message?: string): SafeHtml {
  const q = next ? `?next=${encodeURIComponent(next)}` : '';
  return html`${problem(message)}
<form method="post" action="/auth/signin">${hidden('next', next)}
${field('Email', 'email', 'email', html`autocomplete="username"`)}${field('Password', 'password', 'password', html`autocomplete="current-password"`)}
<p><button type="submit">Sign in</button></p></form>
<h2>Or get a sign-in link by email</h2>
<form method="post" action="/auth/magic-link">${hidden('next', next)}${field('Email', 'email', 'email')}<p><button type="submit">Email me a link</button></p></form>
<p><a href="/auth/signup${q}">Create an account</a> · <a href="/auth/forgot">Forgot your password?</a></p>`;
}

