/** Query parameters that carry secrets (magic links, password resets, unsubscribe links, OAuth callbacks). */
const SECRET_PARAMS = /^(token|code|state|key|secret|password|access_token|id_token|refresh_token|edit_?key|sig|signature)$/i;

/** The URL as logs may show it: secret query values replaced, everything else kept for debugging. */
export function logSafeUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // keep the raw name
      }
      return eq >= 0 && SECRET_PARAMS.test(decoded) ? `${name}=[redacted]` : pair;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}
