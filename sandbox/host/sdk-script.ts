/**
 * The drop-in for Zoho's widget SDK (`ZohoEmbededAppSDK.min.js`, global `ZOHO`), served at the
 * path of Zoho's CDN file. Like the real SDK it reads the parent's origin from the `serviceOrigin`
 * query parameter, talks to the parent page only over postMessage, and answers with Zoho's shapes
 * (the CRM page does the work), so the widget runs the same code here and inside Zoho CRM.
 * Only the subset the widget uses is implemented.
 */
export const SDK_SCRIPT = `(function () {
  'use strict';
  var params = new URLSearchParams(window.location.search);
  var origin = params.get('serviceOrigin') || window.location.origin;
  var handlers = {};
  var pending = {};
  var seq = 0;
  var initPromise = null;
  function call(method, args) {
    return new Promise(function (resolve, reject) {
      if (window.parent === window) {
        reject(new Error('The Zoho widget SDK runs only inside a Zoho CRM page.'));
        return;
      }
      var id = ++seq;
      pending[id] = { resolve: resolve, reject: reject };
      window.parent.postMessage({ zsdk: 1, id: id, method: method, args: args === undefined ? null : args }, origin);
    });
  }
  window.addEventListener('message', function (event) {
    // The real SDK also drops messages from any other window or origin.
    if (event.source !== window.parent || event.origin !== origin) return;
    var m = event.data;
    if (!m || m.zsdk !== 1) return;
    if (m.event) {
      var handler = handlers[m.event];
      if (handler) handler(m.data);
      return;
    }
    var p = pending[m.id];
    if (!p) return;
    delete pending[m.id];
    if (m.error !== undefined && m.error !== null) p.reject(m.error);
    else p.resolve(m.result);
  });
  function api(name) {
    return function (args) { return call(name, args); };
  }
  window.ZOHO = {
    embeddedApp: {
      // One handler per event name, as in Zoho's SDK.
      on: function (event, fn) { handlers[event] = fn; },
      init: function () { return initPromise || (initPromise = call('init')); }
    },
    CRM: {
      API: {
        getRecord: api('API.getRecord'),
        getRelatedRecords: api('API.getRelatedRecords'),
        searchRecord: api('API.searchRecord'),
        getAllUsers: api('API.getAllUsers'),
        getOrgVariable: api('API.getOrgVariable')
      },
      CONFIG: {
        getCurrentUser: api('CONFIG.getCurrentUser'),
        getOrgInfo: api('CONFIG.getOrgInfo')
      },
      UI: {
        Resize: api('UI.Resize'),
        Record: { open: api('UI.Record.open') },
        Popup: { close: api('UI.Popup.close'), closeReload: api('UI.Popup.close') }
      }
    }
  };
})();
`;
