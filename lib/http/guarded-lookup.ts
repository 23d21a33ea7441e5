/**
 * A dns.lookup for outbound sockets that carry secrets or owner data (webhooks): the name was checked
 * when it was saved, and the address it resolves to is checked again at connect time, so a DNS
 * rebinding to 169.254.169.254 and friends is refused.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { blockedAddressReason } from "@/lib/providers/validate-upstream-url";

type Callback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

export function guardedLookup(hostname: string, options: LookupOptions, callback: Callback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 0);
    const list = addresses as LookupAddress[];
    const blocked = list.map((a) => blockedAddressReason(a.address)).find((r) => r !== null);
    if (blocked) {
      const refused = Object.assign(new Error(`refusing to connect: ${hostname} resolves to ${blocked}`), { code: "EADDRBLOCKED" });
      return callback(refused, "", 0);
    }
    if (options.all) return callback(null, list);
    const first = list[0]!;
    callback(null, first.address, first.family);
  });
}
