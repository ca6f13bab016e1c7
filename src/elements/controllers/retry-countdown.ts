/**
 * A live countdown to a moment the server named (a 429's `Retry-After`): re-renders the host once
 * a second until then, and nothing after.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class RetryCountdown implements ReactiveController {
  private until = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Counts down `seconds` from now (0 or less: no countdown). */
  start(seconds: number): void {
    this.until = seconds > 0 ? Date.now() + seconds * 1000 : 0;
    this.tick();
  }

  /** ms left, 0 once over. */
  get msLeft(): number {
    return Math.max(0, this.until - Date.now());
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.msLeft > 0) {
      this.timer = setInterval(() => {
        if (this.msLeft === 0) {
          clearInterval(this.timer);
          this.timer = undefined;
        }
        this.host.requestUpdate();
      }, 1000);
    }
    this.host.requestUpdate();
  }
}
