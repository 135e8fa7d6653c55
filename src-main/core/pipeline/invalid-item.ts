import { isObject, type JsonObject } from './normalize/json.ts';

/** An envelope item the pipeline cannot read: `reason` is the outcome reason it is counted under. */
export class InvalidItemError extends Error {
  readonly reason: string;
  constructor(reason: string, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** An item's payload as the JSON object it must be (`type` names the item in the error). */
export function parseJsonPayload(payload: Buffer, type: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch (error) {
    throw new InvalidItemError('invalid_json', `${type} item is not JSON: ${(error as Error).message}`);
  }
  if (!isObject(value)) throw new InvalidItemError('invalid_json', `${type} item is not a JSON object`);
  return value;
}
