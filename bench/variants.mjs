// Design variants of the phone's page load that the bench measures beside the
// real CDN build (information rows, not goals): each is an esbuild bundle of
// dist/elements with the SDK as a lazy chunk, served under /variants/<name>/.
//   phone-only   only <twilio-phone> (no <device-status>, no <totp-verify>): a smaller entry
//   no-prewarm   the full entry without the signaling socket opened at start()
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Replaces the prewarm module's prewarmSignaling() with one that never opens a socket. */
const noPrewarm = {
  name: 'no-prewarm',
  setup(b) {
    b.onLoad({ filter: /signaling-prewarm\.js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const src = await readFile(args.path, 'utf8');
      return { contents: src.replace(/export function prewarmSignaling\(url\) \{/, 'export function prewarmSignaling(url) {\n  return null;'), loader: 'js' };
    });
  },
};

const VARIANTS = {
  'phone-only': { entry: 'dist/elements/components/twilio-phone/define.js' },
  'no-prewarm': { entry: 'dist/elements/index.js', plugins: [noPrewarm] },
  // 0.2.0's shape: the boot module runs only once the whole bundle is here and parsed.
  'one-file': { entry: 'dist/elements/index.js' },
};

/** @returns {Promise<Map<string, Uint8Array>>} served path (/variants/<name>/<file>) → bytes */
export async function buildVariants() {
  const files = new Map();
  for (const [name, v] of Object.entries(VARIANTS)) {
    const out = await build({
      entryPoints: { entry: v.entry },
      bundle: true,
      splitting: true,
      format: 'esm',
      minify: true,
      target: 'es2022',
      platform: 'browser',
      conditions: ['production'],
      outdir: `/variants/${name}`,
      chunkNames: '[name]-[hash]',
      write: false,
      logLevel: 'silent',
      absWorkingDir: ROOT,
      plugins: v.plugins ?? [],
    });
    for (const f of out.outputFiles) files.set(f.path, f.contents);
  }
  return files;
}
