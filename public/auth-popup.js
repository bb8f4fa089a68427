// Hands the bearer token minted in this first-party popup to the widget that opened it, then closes.
// targetOrigin is the site's origin the server verified, so no other page can receive the token.
(function () {
  var el = document.getElementById('agora-handoff');
  if (!el || !window.opener) return;
  var d = el.dataset;
  window.opener.postMessage(
    { type: 'agora:auth', nonce: d.nonce, token: d.token, expiresAt: d.expiresAt, user: { id: d.userId, displayName: d.userName } },
    d.origin,
  );
  window.close();
})();
