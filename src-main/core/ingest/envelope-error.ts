/** A framing error of an envelope body; Relay answers `400 invalid event envelope` with it as cause. */
export class EnvelopeError extends Error {
  readonly type = 'invalid_envelope';

  constructor(message: string) {
    super(message);
    this.name = 'EnvelopeError';
  }
}
