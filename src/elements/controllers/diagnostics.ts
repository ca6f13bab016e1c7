/**
 * Records what `diagnostics()` reports, from the phone's own events (errors, calls and their
 * quality samples, the pre-call test), and gathers the rest from the browser and the Device
 * when asked. The report itself, with everything secret removed, is core/diagnostics.ts's, loaded
 * only then (a small lazy chunk: most phones never produce a report). This recorder loads with the
 * phone's sound features (a lazy chunk too): the element listens from the start and hands it
 * the events of before, with their times (twilio-phone-sound-ui.ts).
 */
import type { Device } from '@twilio/voice-sdk';
import type { Diagnostics, RecordedCall, RecordedError } from '../core/diagnostics.js';
import { DIAGNOSTICS_LIMITS } from '../core/diagnostics-limits.js';
import type { PreflightReport } from '../core/preflight-report.js';
import { ELEMENTS_VERSION } from '../version.js';

/** One of `RECORDED_EVENTS` (core/diagnostics-limits.ts) as the element heard it: its type, detail, and when. */
export interface HeardEvent {
  type: string;
  detail: unknown;
  at: number;
}

/** What the report reads from the element at the moment it is asked for. */
export interface DiagnosticsSources {
  device: () => Device | null;
  state: () => string;
  edgeSetting: () => string;
  noiseSuppression: () => string;
  audioBlocked: () => boolean;
  preflight: () => PreflightReport | null;
}

type NavigatorExtras = Navigator & { userAgentData?: { brands?: Array<{ brand: string; version: string }> } };

async function permission(name: string): Promise<string> {
  try {
    return (await navigator.permissions.query({ name: name as PermissionName })).state;
  } catch {
    return 'unknown';
  }
}

export class DiagnosticsController {
  private readonly errors: RecordedError[] = [];
  private readonly calls: RecordedCall[] = [];

  constructor(private readonly sources: DiagnosticsSources) {}

  /** Keeps what the report needs of one of `RECORDED_EVENTS`. */
  record({ type, detail, at }: HeardEvent): void {
    // The details are the element's own events' (events.ts).
    const d = detail as never;
    if (type === 'twilio-phone-error') this.recordError((d as { error: { code?: number; message: string } }).error, at);
    else if (type === 'twilio-phone-call-state-change') this.recordCall(d, at);
    else if (type === 'twilio-phone-call-quality') this.recordSample(d, at);
    else if (type === 'twilio-phone-quality-warning') this.recordWarning(d);
  }

  /** The report now (see docs/guides/diagnostics.md). */
  async collect(): Promise<Diagnostics> {
    const s = this.sources;
    const device = s.device();
    const nav = navigator as NavigatorExtras;
    const [{ buildDiagnostics }, microphone, notifications] = await Promise.all([
      import('../core/diagnostics.js'),
      permission('microphone'),
      permission('notifications'),
    ]);
    return buildDiagnostics({
      now: Date.now(),
      userAgent: navigator.userAgent,
      brands: nav.userAgentData?.brands,
      sdkVersion: device ? ((device.constructor as { version?: string }).version ?? null) : null,
      elementVersion: ELEMENTS_VERSION,
      state: s.state(),
      edgeSetting: s.edgeSetting(),
      edge: device?.edge ?? null,
      region: device?.home ?? null,
      capabilities: {
        webrtc: typeof RTCPeerConnection === 'function',
        outputSelection: device?.audio ? device.audio.isOutputSelectionSupported : null,
        audioWorklet: typeof AudioWorkletNode === 'function',
        webLocks: !!navigator.locks,
        secureContext: isSecureContext,
      },
      permissions: { microphone, notifications },
      noiseSuppression: s.noiseSuppression(),
      audioBlocked: s.audioBlocked(),
      errors: this.errors,
      calls: this.calls,
      preflight: s.preflight(),
      limits: DIAGNOSTICS_LIMITS,
    });
  }

  private recordError(error: { code?: number; message: string }, at: number): void {
    this.errors.push({ at, ...(error.code !== undefined ? { code: error.code } : {}), message: error.message });
    if (this.errors.length > DIAGNOSTICS_LIMITS.errors) this.errors.shift();
  }

  private current(): RecordedCall | undefined {
    const call = this.calls.at(-1);
    return call && call.endedAt === null ? call : undefined;
  }

  private recordCall(detail: { callState: string; direction: 'incoming' | 'outgoing'; remote: string; callSid?: string; duration?: number }, at: number): void {
    let call = this.current();
    if (!call) {
      call = {
        callSid: null,
        direction: detail.direction,
        remote: detail.remote,
        startedAt: at,
        duration: null,
        endedAt: null,
        samples: [],
        warnings: [],
      };
      this.calls.push(call);
      if (this.calls.length > DIAGNOSTICS_LIMITS.calls) this.calls.shift();
    }
    if (detail.callSid) call.callSid = detail.callSid;
    if (detail.callState === 'ended') {
      call.endedAt = at;
      call.duration = detail.duration ?? null;
    }
  }

  private recordSample(sample: RecordedCall['samples'][number], at: number): void {
    const call = this.current();
    if (!call) return;
    call.samples.push({ ...sample, at });
    if (call.samples.length > DIAGNOSTICS_LIMITS.samplesPerCall) call.samples.shift();
  }

  private recordWarning(detail: { name: string; cleared: boolean }): void {
    const call = this.current();
    if (call && !detail.cleared && !call.warnings.includes(detail.name)) call.warnings.push(detail.name);
  }
}
