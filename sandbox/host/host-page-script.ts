/**
 * Runs in the sandbox's CRM page around the widget iframe: answers the SDK stand-in's calls.
 * Frame calls (init + PageLoad, Resize, Record.open, Popup.close) are handled here; data calls go
 * to POST /__crm/sdk, which answers from the sandbox's CRM API as the signed-in CRM user.
 */
export const HOST_PAGE_SCRIPT = `(function () {
  'use strict';
  var frame = document.getElementById('dealspend-frame');
  if (!frame) return;
  var pageLoad = frame.getAttribute('data-pageload');
  pageLoad = pageLoad ? JSON.parse(pageLoad) : null;
  window.addEventListener('message', function (event) {
    if (event.source !== frame.contentWindow) return;
    var m = event.data;
    if (!m || m.zsdk !== 1 || !m.method) return;
    var target = frame.contentWindow;
    function reply(result, error) {
      target.postMessage({ zsdk: 1, id: m.id, result: result, error: error }, event.origin);
    }
    var args = m.args || {};
    switch (m.method) {
      case 'init':
        reply(true);
        // Zoho fires PageLoad once, after the handshake; the web tab has no record.
        if (pageLoad) target.postMessage({ zsdk: 1, event: 'PageLoad', data: pageLoad }, event.origin);
        return;
      case 'UI.Resize':
        if (typeof args.height === 'number') frame.style.height = Math.max(80, Math.ceil(args.height)) + 'px';
        reply(true);
        return;
      case 'UI.Record.open':
        reply(true);
        var mod = args.Entity === 'Potentials' ? 'Deals' : args.Entity;
        window.location.href = '/crm/tab/' + encodeURIComponent(mod) + '/' + encodeURIComponent(args.RecordID);
        return;
      case 'UI.Popup.close':
        reply(true);
        return;
    }
    fetch('/__crm/sdk', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: m.method, args: m.args })
    })
      .then(function (res) { return res.json(); })
      .then(function (body) { reply(body.result, body.error); })
      .catch(function (e) { reply(undefined, { code: 'NETWORK', message: String(e) }); });
  });
})();
`;
