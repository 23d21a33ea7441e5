/**
 * A dns.lookup for outbound sockets that carry secrets or owner data (upstream providers, webhooks):
 * the host name was checked when it was saved, and the addresses it resolves to are checked again at
 * connect time. Link-local / metadata addresses are never dialled, whatever DNS says by then (DNS
 * rebinding); a name that resolves only to such addresses fails to connect.
 */
import dns from "node:dns";
import type { LookupFunction } from "node:net";
import { blockedAddressReason } from "@/lib/foundation/http/validate-upstream-url";

export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 0);
    const list = (addresses as unknown as dns.LookupAddress[]).filter((a) => blockedAddressReason(a.address) === null);
    if (list.length === 0) {
      return callback(
        Object.assign(new Error(`${hostname} resolves only to addresses the vault never dials`), { code: "EBLOCKED" }),
        "",
        0,
      );
    }
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};
