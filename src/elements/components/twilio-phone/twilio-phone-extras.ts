/**
 * The pre-call test, the in-call quality view and the sound features of `<twilio-phone>` load when
 * first needed: their code is a chunk (twilio-phone-extras-feature.ts) asked for once the phone
 * is registered (`prefetchExtras()`, the session's `onRegistered`: not beside the gateway's
 * answers), or by `preflight()`, the first call or the sound features' own needs
 * (twilio-phone-sound-ui.ts), whichever comes first. These stand-ins
 * are what the element holds until then: an idle test. The quality row is the call view's
 * (twilio-phone-call-quality.ts): it follows calls with this chunk's controller.
 */
import type { ReactiveControllerHost } from 'lit';
import type { PreflightController } from '../../controllers/preflight.js';
import type { VoiceHost } from '../../controllers/voice-device.js';
import { INITIAL_PREFLIGHT, isPreflightRunning, type PreflightSnapshot } from '../../core/preflight-state.js';
import { PreflightError } from '../../controllers/preflight-error.js';
import type { PreflightReport } from '../../core/preflight-report.js';
import type * as ExtrasModule from './twilio-phone-extras-feature.js';
import type { PreflightWording } from './twilio-phone-quality.js';
import { loadOnce } from '../../controllers/load-once.js';

type Extras = typeof ExtrasModule;

let loaded: Extras | null = null;

/** Loads the chunk once; a failed load is tried again on the next need. */
export const loadExtras: () => Promise<Extras> = loadOnce(() => import('./twilio-phone-extras-feature.js').then((m) => (loaded = m)));

/** Starts the chunk's download without waiting for it (once the phone is registered). */
export function prefetchExtras(): void {
  loadExtras().catch(() => undefined);
}

/** The chunk, once here. */
export const loadedExtras = (): Extras | null => loaded;

/** The test's wording, once its chunk is here (an idle test needs none). */
export const preflightWording = (): PreflightWording | null => loaded?.preflightWording ?? null;

/** `preflight()`'s controller, created with its chunk. */
export class LazyPreflight {
  private real: PreflightController | null = null;
  private current: Promise<PreflightReport> | null = null;
  private loading = false;

  constructor(
    private readonly host: VoiceHost,
    private readonly busy: () => boolean,
  ) {}

  get snapshot(): PreflightSnapshot {
    return this.real?.snapshot ?? INITIAL_PREFLIGHT;
  }

  /** The real controller, loading its chunk first if needed. */
  async controller(): Promise<PreflightController> {
    const { PreflightController } = await loadExtras();
    this.real ??= new PreflightController(this.host, this.busy);
    return this.real;
  }

  /** A second `preflight()` while one is loading or running joins it. */
  start(): Promise<PreflightReport> {
    if (this.current && (this.loading || isPreflightRunning(this.snapshot.state))) return this.current;
    if (this.real) return (this.current = this.real.start());
    this.loading = true;
    this.current = this.controller().then(
      (real) => {
        this.loading = false;
        return real.start();
      },
      () => {
        this.loading = false;
        throw new PreflightError({ reason: 'sdk-load-failed', error: { message: "The pre-call test's code could not be loaded." } });
      },
    );
    return this.current;
  }

  stop(): void {
    this.real?.stop();
  }
}

/**
 * What the chunk renders comes with its styles: added before the first render that shows any of it
 * (the pre-call test's figures, without a call too, and the call view's quality row).
 */
export function extrasStylesFollow(host: ReactiveControllerHost & HTMLElement): void {
  host.addController({
    hostUpdate: () => {
      const root = (host as { renderRoot?: unknown }).renderRoot;
      if (loaded && root instanceof ShadowRoot) loaded.addStyles(root, loaded.extrasStyles);
    },
  });
}
