// Live examples (see scripts/docs/transform.mjs, exampleBlock). Served by `npm run docs`, the
// site sits beside the demo server's endpoints: sign in, then put each example's markup in the
// page and run its script, with the phones pointed at the local emulator. On a static host an
// example that needs a token or verify endpoint says so and leaves only its code.
const root = new URL(document.querySelector('meta[name="docs-root"]').content, location.href);
const examples = [...document.querySelectorAll('figure.example')];

/**
 * The docs server's configuration, or null on a static host. The static build has
 * assets/server.json saying `{"server": false}`; the demo server answers that path itself.
 */
async function docsServer() {
  const res = await fetch(new URL('assets/server.json', root));
  const config = res.ok ? await res.json() : null;
  return config?.server ? config : null;
}

/** Signs in under a name of this tab (the demo server's session: /token and /verify act for it). */
async function signIn() {
  const name = `docs-${crypto.randomUUID().slice(0, 8)}`;
  const res = await fetch(new URL('/session', location.href), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  if (!res.ok) throw new Error(`Sign-in failed: ${res.status}`);
}

function note(figure, text) {
  const p = figure.querySelector('.example-note');
  p.textContent = text;
}

async function run() {
  if (!examples.length) return;
  const server = examples.some((f) => f.hasAttribute('data-needs-server')) ? await docsServer() : null;
  if (server) await signIn();
  await import(new URL('cdn/twilio-widgets.js', root).href);
  for (const figure of examples) {
    if (figure.hasAttribute('data-needs-server') && !server) {
      note(figure, 'This example needs a token and a verify endpoint: run `npm run docs` to try it here against the emulator. Its code is below.');
      continue;
    }
    const markup = figure.querySelector('template').content.cloneNode(true);
    // Before the phones connect: an autostart phone starts as soon as it is in the page.
    if (server?.signalingHost) for (const phone of markup.querySelectorAll('twilio-phone')) phone.setAttribute('signaling-host', server.signalingHost);
    figure.querySelector('.example-live').replaceChildren(markup);
    if (figure.hasAttribute('data-script')) await import(new URL(figure.dataset.example, root).href);
    figure.dataset.ready = '';
  }
}

run().catch((err) => {
  for (const figure of examples) if (!('ready' in figure.dataset)) note(figure, `The example could not start: ${err.message}`);
});
