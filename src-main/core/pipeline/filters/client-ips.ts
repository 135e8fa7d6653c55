/**
 * Relay's client IP filter (`ip-address`): the address the event was sent from (the request's
 * client address, not the user's IP in the event) is one of the addresses or CIDR ranges given.
 * Entries that are neither are ignored, as Relay ignores them (the settings form refuses them).
 */
import { BlockList, isIP } from 'node:net';

/** An address or `address/prefix` as Node reads it; undefined when it is neither. */
export function parseIpEntry(entry: string): { address: string; prefix?: number; family: 4 | 6 } | undefined {
  const [address = '', prefixText, extra] = entry.trim().split('/');
  const family = isIP(address);
  if ((family !== 4 && family !== 6) || extra !== undefined) return undefined;
  if (prefixText === undefined) return { address, family };
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > (family === 4 ? 32 : 128)) return undefined;
  return { address, prefix, family };
}

export class ClientIps {
  readonly #list = new BlockList();
  readonly size: number;

  constructor(entries: readonly string[]) {
    let size = 0;
    for (const entry of entries) {
      const parsed = parseIpEntry(entry);
      if (!parsed) continue;
      const type = parsed.family === 4 ? 'ipv4' : 'ipv6';
      if (parsed.prefix === undefined) this.#list.addAddress(parsed.address, type);
      else this.#list.addSubnet(parsed.address, parsed.prefix, type);
      size++;
    }
    this.size = size;
  }

  matches(clientIp: string | null | undefined): boolean {
    if (!clientIp) return false;
    const family = isIP(clientIp);
    if (family === 0) return false;
    return this.#list.check(clientIp, family === 4 ? 'ipv4' : 'ipv6');
  }
}
