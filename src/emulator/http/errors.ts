/** The error of the emulator's JS and control APIs: an HTTP status and a Twilio error code. */
export class EmulatorError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'EmulatorError';
  }
}
