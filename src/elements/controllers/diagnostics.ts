/**
 * Records what `diagnostics()` reports, from the phone's own events (errors, calls and their
 * quality samples, the pre-call test), and gathers the rest from the browser and the Device
 * when asked. The report itself, with everything secret removed, is core/diagnostics.ts's, loaded
 * only then (a small lazy chunk: most phones never produce a report).
 */
import type { ReactiveController } from 'lit';
import type { Device } from '@twilio/voice-sdk';
import type { Diagnostics, RecordedCall, RecordedError } from '../core/diagnostics.js';
import { DIAGNOSTICS_LIMITS } from '../core/diagnostics-limits.js';
import type { PreflightReport } from '../core/preflight-report.js';
import { ELEMENTS_VERSION } from '../version.js';

/** What the report reads from the element at the moment it is asked for. */
export interface DiagnosticsSources {
  host: HTMLElement & { addController(c: ReactiveController): void };
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

export class DiagnosticsController implements ReactiveController {
  private readonly errors: RecordedError[] = [];
  private readonly calls: RecordedCall[] = [];
  private readonly listeners: Array<[string, (e: Event) => void]> = [
    ['twilio-phone-error', (e) => this.recordError((e as CustomEvent<{ error: { code?: number; message: string } }>).detail.error)],
    ['twilio-phone-call-state-change', (e) => this.recordCall((e as CustomEvent).detail)],
    ['twilio-phone-call-quality', (e) => this.recordSample((e as CustomEvent).detail)],
    ['twilio-phone-quality-warning', (e) => this.recordWarning((e as CustomEvent<{ name: string; cleared: boolean }>).detail)],
  ];

  constructor(private readonly sources: DiagnosticsSources) {
    sources.host.addController(this);
  }

  hostConnected(): void {
    for (const [type, listener] of this.listeners) this.sources.host.addEventListener(type, listener);
  }

  hostDisconnected(): void {
    for (const [type, listener] of this.listeners) this.sources.host.removeEventListener(type, listener);
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

  private recordError(error: { code?: number; message: string }): void {
    this.errors.push({ at: Date.now(), ...(error.code !== undefined ? { code: error.code } : {}), message: error.message });
    if (this.errors.length > DIAGNOSTICS_LIMITS.errors) this.errors.shift();
  }

  private current(): RecordedCall | undefined {
    const call = this.calls.at(-1);
    return call && call.endedAt === null ? call : undefined;
  }

  private recordCall(detail: { callState: string; direction: 'incoming' | 'outgoing'; remote: string; callSid?: string; duration?: number }): void {
    let call = this.current();
    if (!call) {
      call = {
        callSid: null,
        direction: detail.direction,
        remote: detail.remote,
        startedAt: Date.now(),
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
      call.endedAt = Date.now();
      call.duration = detail.duration ?? null;
    }
  }

  private recordSample(sample: RecordedCall['samples'][number]): void {
    const call = this.current();
    if (!call) return;
    call.samples.push({ ...sample, at: Date.now() });
    if (call.samples.length > DIAGNOSTICS_LIMITS.samplesPerCall) call.samples.shift();
  }

  private recordWarning(detail: { name: string; cleared: boolean }): void {
    const call = this.current();
    if (call && !detail.cleared && !call.warnings.includes(detail.name)) call.warnings.push(detail.name);
  }
}
