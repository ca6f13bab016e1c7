// The French demo page (/i18n.html): every string of the three elements comes
// from the page's translations (none left out, none of the English defaults
// shown) in each state a user sees (idle, ready, in a call, after it, TOTP
// validation, incorrect and verified), durations are formatted with Intl, and
// axe passes with lang="fr".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, assertBuilt, launchChromium, startDemoServer, totpCode } from './harness.mjs';
import { assertAccessible } from './axe.mjs';

/** @type {Awaited<ReturnType<typeof startDemoServer>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').Page} */
let page;
const pageErrors = [];
const warnings = [];

before(async () => {
  assertBuilt();
  server = await startDemoServer();
  browser = await launchChromium();
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1200, height: 900 }, locale: 'fr-FR' });
  await context.grantPermissions(['microphone'], { origin: server.url });
  page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') warnings.push(msg.text());
  });
});

after(async () => {
  await browser?.close();
  const exit = await server?.stop();
  assert.equal(exit, 0, `demo server did not stop cleanly:\n${server?.output()}`);
});

/**
 * Every piece of UI text the three elements render now (text nodes and the
 * placeholder/aria-label/title attributes in their shadow roots), per element.
 * Device names in the pickers' <option>s are data, not UI strings: left out.
 */
const renderedTexts = () =>
  page.evaluate(() => {
    /** @type {Record<string, string[]>} */
    const out = {};
    for (const el of document.querySelectorAll('twilio-phone, device-status, totp-verify, totp-enroll')) {
      const texts = (out[el.localName] ??= []);
      const walk = (/** @type {Node} */ node) => {
        if (node.nodeType === Node.TEXT_NODE) {
          const t = node.textContent?.trim();
          if (t && !node.parentElement?.closest('option')) texts.push(t);
          return;
        }
        if (node instanceof Element) {
          for (const a of ['placeholder', 'aria-label', 'title']) {
            const v = node.getAttribute(a);
            if (v) texts.push(v);
          }
        }
        for (const child of node.childNodes) walk(child);
        // <totp-enroll>'s own <totp-verify>: its texts are the enrolment's.
        if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
      };
      walk(/** @type {ShadowRoot} */ (el.shadowRoot));
    }
    return out;
  });

/** Fails if any English default (that its translation changes) shows in any element. */
async function assertNoEnglish(what) {
  const { strings, defaults } = await page.evaluate(() => {
    const d = /** @type {any} */ (window).i18nDemo;
    return { strings: d.strings, defaults: d.defaults };
  });
  const rendered = await renderedTexts();
  const leaks = [];
  for (const [tag, texts] of Object.entries(rendered)) {
    for (const [key, en] of Object.entries(defaults[tag])) {
      if (en === strings[tag][key] || en.length < 4) continue;
      const probe = en.replace('{length}', '').split(/[{}]/)[0].trim();
      for (const t of texts) if (t.includes(probe)) leaks.push(`${tag} ${key}: "${t}"`);
    }
  }
  assert.deepEqual(leaks, [], `English text ${what}`);
  return rendered;
}

const waitPhone = (state) => page.waitForFunction((s) => /** @type {any} */ (document.getElementById('phone')).state === s, state, { timeout: 20_000 });

test('the page is French and every key of every element has a translation', async () => {
  await page.goto(`${server.url}/i18n.html?identity=fr-${Date.now().toString(36)}`);
  await page.waitForSelector('body[data-ready]', { timeout: 20_000 });
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  const untranslated = await page.evaluate(() => /** @type {any} */ (window).i18nDemo.untranslated);
  assert.deepEqual(untranslated, { 'twilio-phone': [], 'device-status': [], 'totp-verify': [], 'totp-enroll': [] });
  assert.match(await page.locator('#fr-completeness').innerText(), /^complètes \(\d+ textes\)$/);
});

test('idle: French labels, no English, accessible', async () => {
  const texts = await assertNoEnglish('while idle');
  assert.ok(texts['twilio-phone'].includes('Non démarré'), texts['twilio-phone'].join(' | '));
  assert.ok(texts['twilio-phone'].includes('Démarrer le téléphone'));
  assert.ok(texts['twilio-phone'].includes('Tester la connexion'));
  assert.deepEqual(texts['device-status'], ['Non démarré']);
  await assertAccessible(assert, page, 'while idle');
});

test('ready: the status badge and the phone speak French', async () => {
  await page.locator('twilio-phone [part="start-button"]').click();
  await waitPhone('ready');
  await page.waitForFunction(() => document.getElementById('status')?.getAttribute('state') === 'ready');
  const texts = await assertNoEnglish('when ready');
  assert.deepEqual(texts['device-status'], ['Prêt']);
  for (const t of ['Prêt', 'Numéro ou client', '+33612345678 ou client:alice', 'Appeler'])
    assert.ok(texts['twilio-phone'].includes(t), `${t} in ${texts['twilio-phone'].join(' | ')}`);
  assert.equal(await page.locator('#fr-phone-state').innerText(), 'Prêt');
  await assertAccessible(assert, page, 'when ready');
});

test('in a call to echo: French call texts and dialpad, then the duration in French words (Intl)', async () => {
  await page.locator('twilio-phone [part="dial-input"]').fill('echo');
  await page.locator('twilio-phone [part="dial-input"]').press('Enter');
  await page.waitForFunction(() => /** @type {any} */ (document.getElementById('phone')).shadowRoot.textContent.includes('En ligne avec'), null, {
    timeout: 20_000,
  });
  const texts = await assertNoEnglish('in a call');
  for (const t of ['En communication', 'Raccrocher', 'Couper le micro', 'Clavier', 'Niveau du micro', 'Niveau du haut-parleur'])
    assert.ok(
      texts['twilio-phone'].some((x) => x.includes(t)),
      `${t} in ${texts['twilio-phone'].join(' | ')}`,
    );
  // The badge adds the call's quality while it is up: "Qualité de l’appel : mesure en cours…", then the level.
  assert.equal(texts['device-status'][0], 'En communication');
  assert.ok(
    texts['device-status'].slice(1).every((t) => t.startsWith('Qualité de l’appel : ')),
    texts['device-status'].join(' | '),
  );
  await page.waitForFunction(() =>
    /** @type {any} */ (document.getElementById('phone')).shadowRoot.querySelector('[part="quality-label"]')?.textContent?.startsWith('Qualité de l’appel : '),
  );
  await assertAccessible(assert, page, 'in a call');
  // Long enough for a whole second in the log's duration.
  await page.waitForFunction(
    () => /** @type {any} */ (document.getElementById('phone')).shadowRoot.querySelector('[part="timer"]')?.textContent?.trim() >= '0:01',
    null,
    { timeout: 10_000 },
  );
  await page.locator('twilio-phone [part="hangup-button"]').click();
  await waitPhone('ready');
  await page.waitForFunction(() => document.getElementById('fr-last-call')?.textContent !== '—');
  assert.match(await page.locator('#fr-last-call').innerText(), /^echo — .*\d+\s+secondes?$/);
  assert.match(await page.locator('#fr-log').innerText(), /appel terminé après .*seconde/);
  await assertNoEnglish('after the call');
});

test('TOTP in French: <totp-enroll> enrols (QR and key), validation, incorrect and verified messages', async () => {
  await page.locator('totp-enroll [part="start-button"]').click();
  await page.locator('totp-enroll [part="secret"]').waitFor({ timeout: 15_000 });
  const secret = (await page.locator('totp-enroll [part="secret"]').innerText()).replace(/\s+/g, '');
  assert.match(secret, /^[A-Z2-7]{16,}$/);
  const msg = () => page.locator('totp-enroll totp-verify [part="message"]').innerText();
  let texts = await assertNoEnglish('in the enrolment');
  assert.ok(texts['totp-enroll'].includes('Code de l’application'), texts['totp-enroll'].join(' | '));
  assert.ok(texts['totp-enroll'].includes('Vérifier'));
  await assertAccessible(assert, page, 'with the QR code and key');

  await page.locator('totp-enroll totp-verify [part="input"]').fill('12');
  await page.locator('totp-enroll totp-verify [part="button"]').click();
  await page.waitForFunction(
    () =>
      /** @type {any} */ (document.getElementById('enroll')).shadowRoot.querySelector('totp-verify')?.shadowRoot.querySelector('[part="message"]').textContent
        .length > 0,
  );
  assert.equal(await msg(), 'Saisissez les 6 chiffres du code.');
  await assertAccessible(assert, page, 'with the validation message');

  const valid = new Set([-1, 0, 1].map((o) => totpCode(secret, o)));
  let wrong = '000000';
  while (valid.has(wrong)) wrong = String(Number(wrong) + 111111).padStart(6, '0');
  await page.locator('totp-enroll totp-verify [part="input"]').fill(wrong);
  await page.locator('totp-enroll totp-verify [part="button"]').click();
  await page.waitForFunction(
    () => /** @type {any} */ (document.getElementById('enroll')).shadowRoot.querySelector('totp-verify')?.getAttribute('outcome') === 'incorrect',
    null,
    { timeout: 15_000 },
  );
  assert.match(await msg(), /^Ce code est incorrect\./);
  await assertNoEnglish('after an incorrect code');
  await assertAccessible(assert, page, 'after an incorrect code');

  await page.locator('totp-enroll totp-verify [part="input"]').fill(totpCode(secret));
  await page.locator('totp-enroll totp-verify [part="button"]').click();
  await page.waitForFunction(() => document.getElementById('enroll')?.getAttribute('state') === 'verified', null, { timeout: 15_000 });
  assert.equal((await page.locator('totp-enroll [part="message"]').innerText()).trim(), 'Votre application d’authentification est configurée.');
  await assertNoEnglish('after verification');
  await assertAccessible(assert, page, 'after verification');
  await mkdir(join(ROOT, 'test-output'), { recursive: true });
  await page.screenshot({ path: join(ROOT, 'test-output', 'i18n-fr.png'), fullPage: true });
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(
    warnings.filter((w) => /untranslated/.test(w)),
    [],
  );
});
