import { html, type SafeHtml } from '../../../lib/html.js';

export function layout(opts: { title: string; siteName: string; body: SafeHtml; description?: string; canonical?: string }): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title}</title>
${opts.description ? html`<meta name="description" content="${opts.description}">` : ''}
${opts.canonical ? html`<link rel="canonical" href="${opts.canonical}">` : ''}
<link rel="stylesheet" href="/assets/site.css">
</head>
<body>
<header class="masthead"><a href="/" class="brand">${opts.siteName}</a></header>
<main id="main">
${opts.body}
</main>
<footer class="footer">Comments powered by Agora</footer>
</body>
</html>
`.value;
}

export function formatDate(ms: number | null): string {
  if (ms === null) return '';
  return new Date(ms).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
