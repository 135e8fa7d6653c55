/** An envelope item the pipeline cannot read: `reason` is the outcome reason it is counted under. */
export class InvalidItemError extends Error {
  readonly reason: string;
  constructor(reason: string, message: string) {
    super(message);
    this.reason = reason;
  }
}
