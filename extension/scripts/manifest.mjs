// The Manifest V3 file for each browser. Production content scripts run on Vinted's own HTTPS sites only; a test
// build (VINTEDBOT_TEST_HOSTS) adds plain-HTTP host names that the e2e tier maps to its fake Vinted.

/** The sites Vinted runs (shared/VINTED.md, currencies by site). */
export const VINTED_TLDS = ['fr', 'be', 'lu', 'nl', 'de', 'at', 'es', 'it', 'pt', 'ie', 'fi', 'lt', 'gr', 'hr', 'sk', 'co.uk', 'pl', 'cz', 'se', 'dk', 'hu', 'ro', 'com'];

export function manifest(browser, { version, testHosts = [] }) {
  const matches = [...VINTED_TLDS.map((t) => `https://www.vinted.${t}/*`), ...testHosts.map((h) => `http://${h}/*`)];
  const m = {
    manifest_version: 3,
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    version,
    default_locale: 'fr',
    // storage: the app's address and the extension's token. Nothing else: no tabs, no cookies, no webRequest.
    permissions: ['storage'],
    // The app on this machine; another address (a NAS, a reverse proxy) is asked for at pairing, for that origin only.
    // Vinted's image hosts: the wardrobe import reads the photos its pages show.
    host_permissions: ['http://127.0.0.1/*', 'http://localhost/*', 'https://*.vinted.net/*'],
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    action: { default_title: 'VintedBot', default_popup: 'options.html' },
    options_ui: { page: 'options.html', open_in_tab: true },
    content_scripts: [{ matches, js: ['content.js'], run_at: 'document_idle' }],
    background: browser === 'firefox' ? { scripts: ['background.js'] } : { service_worker: 'background.js' },
  };
  if (browser === 'firefox') {
    m.browser_specific_settings = { gecko: { id: 'extension@vintedbot.app', strict_min_version: '142.0', data_collection_permissions: { required: ['none'] } } };
  }
  return m;
}
