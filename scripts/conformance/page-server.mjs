// The conformance run's own HTTP server on 127.0.0.1 (a secure context for
// getUserMedia, as the Cypress runner's page is): the test page per spec,
// mocha's browser build, the spec bundles, the token mint the `twilio` shim
// calls, and the TwiML apps the emulator fetches.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mintAccessToken } from './mint.mjs';
import { INTEGRATION_TESTS_TWIML, STIR_NUMBER_TWIML, STIR_SHAKEN_TWIML, renderTwimlBin } from './twiml-apps.mjs';

const require = createRequire(import.meta.url);
const MOCHA_JS = readFileSync(require.resolve('mocha/mocha.js'));
const SHIMS_JS = readFileSync(new URL('./browser-shims.js', import.meta.url));
const RUNNER_JS = readFileSync(new URL('./page-runner.js', import.meta.url));

function page(index, settings) {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>conformance ${index}</title></head>
<body><div id="mocha"></div>
<script src="/mocha.js"></script>
<script>
window.__CONFORMANCE__ = ${JSON.stringify(settings)};
window.__loadErrors = [];
window.addEventListener('error', (e) => window.__loadErrors.push(String(e.error && e.error.stack || e.message)));
mocha.setup({ ui: 'bdd', timeout: window.__CONFORMANCE__.defaultCommandTimeout, reporter: class extends Mocha.reporters.Base {} });
</script>
<script src="/shims.js"></script>
<script src="/bundle/${index}.js"></script>
<script src="/runner.js"></script>
</body></html>`;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** `bundles`: spec bundles by index; `settings`: what the shims see (Cypress env, timeouts). */
export async function startPageServer({ bundles, settings, onTwimlRequest = () => undefined }) {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      const send = (status, type, body) => {
        res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
        res.end(body);
      };
      let m;
      if ((m = /^\/run\/(\d+)$/.exec(url.pathname))) return send(200, 'text/html; charset=utf-8', page(Number(m[1]), settings));
      if (url.pathname === '/mocha.js') return send(200, 'text/javascript', MOCHA_JS);
      if (url.pathname === '/shims.js') return send(200, 'text/javascript', SHIMS_JS);
      if (url.pathname === '/runner.js') return send(200, 'text/javascript', RUNNER_JS);
      if ((m = /^\/bundle\/(\d+)\.js$/.exec(url.pathname)) && bundles.has(Number(m[1]))) {
        return send(200, 'text/javascript; charset=utf-8', bundles.get(Number(m[1])));
      }
      if (url.pathname === '/token' && req.method === 'POST') {
        return send(200, 'text/plain', mintAccessToken(JSON.parse(await readBody(req))));
      }
      if ((m = /^\/twiml\/(integration|stir|number)$/.exec(url.pathname))) {
        const params = req.method === 'POST' ? new URLSearchParams(await readBody(req)) : url.searchParams;
        onTwimlRequest({ app: m[1], url: `http://${req.headers.host}${req.url}`, params, signature: req.headers['x-twilio-signature'] });
        const template = { integration: INTEGRATION_TESTS_TWIML, stir: STIR_SHAKEN_TWIML, number: STIR_NUMBER_TWIML }[m[1]];
        const twiml = renderTwimlBin(template, params);
        return send(200, 'text/xml; charset=utf-8', twiml);
      }
      send(404, 'text/plain', 'not found');
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err && err.stack ? err.stack : err));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
