/**
 * The URLs of the MP3 files shipped in this folder, resolved from this
 * module's own URL: the CDN bundle finds them beside itself (dist/cdn/sounds/)
 * and bundlers (Vite, rollup, webpack 5) see each `new URL('…', import.meta.url)`
 * and emit the file. One literal per file, because bundlers only follow literals.
 * `?no-inline` stops Vite from turning files under 4 KB into data: URLs, which a
 * strict CSP (connect-src 'self') blocks; static servers ignore the query.
 */
import { soundUrlsFrom, type SoundName } from '../core/sounds.js';

let urls: Record<SoundName, string> | undefined;

export function shippedSoundUrls(): Record<SoundName, string> {
  urls ??= {
    incoming: new URL('./incoming.mp3?no-inline', import.meta.url).href,
    outgoing: new URL('./outgoing.mp3?no-inline', import.meta.url).href,
    disconnect: new URL('./disconnect.mp3?no-inline', import.meta.url).href,
    dtmf0: new URL('./dtmf0.mp3?no-inline', import.meta.url).href,
    dtmf1: new URL('./dtmf1.mp3?no-inline', import.meta.url).href,
    dtmf2: new URL('./dtmf2.mp3?no-inline', import.meta.url).href,
    dtmf3: new URL('./dtmf3.mp3?no-inline', import.meta.url).href,
    dtmf4: new URL('./dtmf4.mp3?no-inline', import.meta.url).href,
    dtmf5: new URL('./dtmf5.mp3?no-inline', import.meta.url).href,
    dtmf6: new URL('./dtmf6.mp3?no-inline', import.meta.url).href,
    dtmf7: new URL('./dtmf7.mp3?no-inline', import.meta.url).href,
    dtmf8: new URL('./dtmf8.mp3?no-inline', import.meta.url).href,
    dtmf9: new URL('./dtmf9.mp3?no-inline', import.meta.url).href,
    dtmfs: new URL('./dtmfs.mp3?no-inline', import.meta.url).href,
    dtmfh: new URL('./dtmfh.mp3?no-inline', import.meta.url).href,
  };
  return urls;
}

/** The sounds handed to an SDK Device: files under `soundsUrl` when set, else the shipped files; `overrides` win. */
export function deviceSounds(soundsUrl: string, overrides?: Partial<Record<string, string>>): Record<string, string> {
  return { ...(soundsUrl ? soundUrlsFrom(soundsUrl) : shippedSoundUrls()), ...overrides };
}
