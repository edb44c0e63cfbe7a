/**
 * The widget build: one HTML entry per CRM location (related list, web tab) plus the OAuth
 * callback page, into dist/widget/. Relative base so the same files work under /widget/ in the
 * sandbox and under app/ in the Zoho-hosted extension zip. The tab's views are split into
 * lazy chunks by the tab shell's import.meta.glob.
 *
 * Build-time settings:
 * - VITE_DEALSPEND_SERVER_URL: the DealSpend server; empty → the CRM org variable dealspend_server_url.
 * - ZOHO_SDK_URL: where the HTML loads the Zoho widget SDK from (the sandbox's drop-in by default;
 *   `npm run pack` uses Zoho's CDN).
 */
import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';

/** The sandbox serves its SDK stand-in at the same path Zoho's CDN uses. */
export const SANDBOX_SDK_URL = '/js-sdk/1.2/ZohoEmbededAppSDK.min.js';
export const ZOHO_CDN_SDK_URL = 'https://live.zwidgets.com/js-sdk/1.2/ZohoEmbededAppSDK.min.js';

function zohoSdkUrl(url: string): Plugin {
  return {
    name: 'dealspend-zoho-sdk-url',
    // 'pre': before Vite reads the HTML, so it sees the real URL.
    transformIndexHtml: { order: 'pre', handler: (html) => html.replaceAll('%ZOHO_SDK_URL%', url) },
  };
}

const widgetRoot = resolve(import.meta.dirname, 'widget');

export default defineConfig({
  root: widgetRoot,
  base: './',
  envDir: import.meta.dirname,
  plugins: [
    preact({ devtoolsInProd: false, prefreshEnabled: false }),
    zohoSdkUrl(process.env.ZOHO_SDK_URL || SANDBOX_SDK_URL),
  ],
  build: {
    outDir: resolve(import.meta.dirname, 'dist/widget'),
    emptyOutDir: true,
    target: 'es2022',
    // Zoho's file-name rule allows [A-Za-z0-9_.$-] only; Vite's hashes are base64url-like, so keep them plain.
    assetsDir: 'assets',
    rollupOptions: {
      input: {
        'related-list': resolve(widgetRoot, 'related-list.html'),
        tab: resolve(widgetRoot, 'tab.html'),
        'oauth-callback': resolve(widgetRoot, 'oauth-callback.html'),
      },
    },
  },
});
