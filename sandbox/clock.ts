/**
 * The sandbox's clock: wall time plus an offset that tests move through the control API, so
 * token expiry and Modified_Time can be driven without patching Date.now.
 */
export interface SandboxClock {
  now(): number;
  /** Milliseconds added to wall time. */
  offsetMs: number;
}

export function createSandboxClock(offsetMs = 0): SandboxClock {
  return {
    offsetMs,
    now() {
      return Date.now() + this.offsetMs;
    },
  };
}
