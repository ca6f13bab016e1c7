// Noise-suppression rows of `npm run bench` (information, no goal):
//   - the lazy chunk a page fetches when a phone has `noise-suppression`: the chunk's JS, the
//     worklet and the WASM (dist/cdn/, gzip -9 and brotli q11), against the CDN entry;
//   - the audio thread's cost: the fixture (test/fixtures/noisy-speech.wav, 48 kHz) rendered by
//     Chromium's OfflineAudioContext with and without the RNNoise AudioWorklet; the difference per
//     128-sample render quantum (2.67 ms of audio) is what suppression adds to the audio thread.
//     Offline rendering runs as fast as it can, so the time is the work, not the real-time budget.
import { readFileSync, readdirSync } from 'node:fs';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { fmtSize, kb, median } from './lib.mjs';
import { readWav, upsample } from '../test/support/noisy-speech.mjs';

const ROOT = new URL('..', import.meta.url);
const size = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length,
});
const sum = (list) => list.reduce((a, s) => ({ raw: a.raw + s.raw, gzip: a.gzip + s.gzip, brotli: a.brotli + s.brotli }), { raw: 0, gzip: 0, brotli: 0 });

/** @param {{table: any, notes: string[], browser: any, smoke: boolean, log: Function}} c */
export async function noiseSuppressionRows(c) {
  const cdn = new URL('dist/cdn/', ROOT);
  const chunkName = readdirSync(cdn).find((f) => f.startsWith('noise-suppression-feature-'));
  const chunk = size(readFileSync(new URL(chunkName, cdn)));
  const worklet = size(readFileSync(new URL('noise/rnnoise-worklet.js', cdn)));
  const wasm = size(readFileSync(new URL('noise/rnnoise.wasm', cdn)));
  const entry = size(readFileSync(new URL('twilio-widgets.js', cdn)));
  c.table.add({
    figure: '`noise-suppression` lazy files (chunk JS + worklet + WASM), fetched only when on',
    ours: `${fmtSize(sum([chunk, worklet, wasm]))} (WASM ${fmtSize(wasm)})`,
    base: `${fmtSize(entry)} (CDN entry)`,
    ratio: `+${kb(chunk.gzip + worklet.gzip + wasm.gzip)} gz on first use`,
    goal: '—',
    ok: null,
  });

  // The audio thread: render the fixture offline, with and without the worklet.
  const { samples, rate } = readWav();
  const audio = Array.from(upsample(samples, 48000 / rate));
  const context = await c.browser.newContext();
  const page = await context.newPage();
  const origin = 'https://bench.invalid';
  await page.route(`${origin}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/') return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>rnnoise bench</title>' });
    if (path === '/rnnoise-worklet.js') return route.fulfill({ contentType: 'text/javascript', body: readFileSync(new URL('noise/rnnoise-worklet.js', cdn)) });
    if (path === '/rnnoise.wasm') return route.fulfill({ contentType: 'application/wasm', body: readFileSync(new URL('noise/rnnoise.wasm', cdn)) });
    return route.fulfill({ status: 404, body: '' });
  });
  await page.goto(`${origin}/`);
  const runs = c.smoke ? 1 : 7;
  const times = await page.evaluate(
    async ({ audio, runs }) => {
      const module = await WebAssembly.compile(await (await fetch('/rnnoise.wasm')).arrayBuffer());
      // A blob URL: Playwright's routing does not see a worklet's own module fetch.
      const workletUrl = URL.createObjectURL(new Blob([await (await fetch('/rnnoise-worklet.js')).text()], { type: 'text/javascript' }));
      const render = async (withWorklet) => {
        const ctx = new OfflineAudioContext(1, audio.length, 48000);
        const buffer = ctx.createBuffer(1, audio.length, 48000);
        buffer.copyToChannel(Float32Array.from(audio), 0);
        const source = ctx.createBufferSource();
        source.buffer = buffer;
        if (withWorklet) {
          await ctx.audioWorklet.addModule(workletUrl);
          const node = new AudioWorkletNode(ctx, 'twilio-widgets-rnnoise', { outputChannelCount: [1], processorOptions: { module } });
          source.connect(node).connect(ctx.destination);
        } else source.connect(ctx.destination);
        source.start();
        const t0 = performance.now();
        await ctx.startRendering();
        return performance.now() - t0;
      };
      const out = { with: [], without: [] };
      for (let i = 0; i < runs; i++) {
        out.without.push(await render(false));
        out.with.push(await render(true));
      }
      return out;
    },
    { audio, runs },
  );
  await context.close();
  const quanta = audio.length / 128;
  const withUs = (median(times.with) / quanta) * 1000;
  const withoutUs = (median(times.without) / quanta) * 1000;
  const addedUs = withUs - withoutUs;
  c.table.add({
    figure: 'Audio thread per 128-sample quantum (2.67 ms of audio), RNNoise worklet vs none (offline render)',
    ours: `${withUs.toFixed(1)} µs`,
    base: `${withoutUs.toFixed(1)} µs (no worklet)`,
    ratio: `+${addedUs.toFixed(1)} µs = ${((addedUs / 2667) * 100).toFixed(1)} % of real time`,
    goal: '—',
    ok: null,
  });
  c.notes.push(
    `Noise suppression: the fixture (${(audio.length / 48000).toFixed(1)} s at 48 kHz) rendered ${runs}× by an OfflineAudioContext with the RNNoise AudioWorklet and without; medians per render quantum.`,
  );
}
