// wtr commands for the Chromium suites (gallery-enabled and save-screenshot: see scripts/docs/gallery.mjs);
// emulate-media-features: emulates CSS media features @web/test-runner-commands'
// emulateMedia() does not cover (`pointer: coarse`), with the colour scheme and reduced motion in
// the same CDP call (Emulation.setEmulatedMedia replaces the whole set each time).
//   await executeServerCommand('emulate-media-features', {pointer: 'coarse', 'prefers-color-scheme': 'dark'})
export function mediaFeaturesPlugin() {
  // One CDP session per page, kept open: a session's emulation ends when it detaches.
  const sessions = new WeakMap();
  return {
    name: 'emulate-media-features',
    async executeCommand({ command, payload, session }) {
      if (command === 'gallery-enabled') return process.env.GALLERY === '1';
      if (command === 'save-screenshot') {
        // scripts/docs/gallery.mjs: one state's picture into docs/gallery/ (names are the suite's own).
        if (process.env.GALLERY !== '1' || !/^[a-z0-9-]+$/.test(payload?.name ?? '')) return false;
        const { mkdir } = await import('node:fs/promises');
        await mkdir('docs/gallery', { recursive: true });
        const page = session.browser.getPage(session.id);
        await page.screenshot({ path: `docs/gallery/${payload.name}.png`, clip: payload.clip });
        return true;
      }
      if (command !== 'emulate-media-features') return undefined;
      if (typeof session.browser.getPage !== 'function') throw new Error('emulate-media-features needs Chromium');
      const page = session.browser.getPage(session.id);
      let cdp = sessions.get(page);
      if (!cdp) sessions.set(page, (cdp = await page.createCDPSession()));
      const { pointer, ...rest } = payload ?? {};
      const features = Object.entries(rest).map(([name, value]) => ({ name, value: String(value) }));
      await cdp.send('Emulation.setEmulatedMedia', { media: '', features });
      // Chromium takes `pointer` / `any-pointer` from touch emulation (as DevTools' device mode), not from setEmulatedMedia.
      const touch = pointer === 'coarse';
      await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: touch, ...(touch ? { maxTouchPoints: 5 } : {}) });
      return true;
    },
  };
}
