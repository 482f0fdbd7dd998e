import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Re-renders its host once a second until a deadline passes, so "retrying in 3 s" counts down
 * instead of standing still. Idle (no timer) when there is no deadline.
 */
export class Countdown implements ReactiveController {
  #until?: number;
  #timer?: ReturnType<typeof setInterval>;

  constructor(private readonly host: ReactiveControllerHost, private readonly now: () => number = Date.now) {
    host.addController(this);
  }

  /** Follows `until` (epoch ms), or stops when it is undefined or past. */
  track(until: number | undefined): void {
    if (until === this.#until) return;
    this.#until = until;
    this.#stop();
    if (until !== undefined && until > this.now()) {
      this.#timer = setInterval(() => {
        this.host.requestUpdate();
        if (this.#until === undefined || this.#until <= this.now()) this.#stop();
      }, 1000);
    }
  }

  hostDisconnected(): void {
    this.#stop();
    this.#until = undefined;
  }

  #stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
