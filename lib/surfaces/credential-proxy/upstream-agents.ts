/**
 * Outbound connections of the credential proxy: keep-alive agents kept apart by whether private
 * addresses may be dialled (a socket opened for a destination that names a LAN address is never
 * reused for one that does not), a pinned DNS lookup that enforces it at connect time, and the
 * system's CAs plus VAULT_PROXY_CA_FILE. Certificates are always verified.
 */
import dns from "node:dns";
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import tls from "node:tls";
import { env } from "@/lib/foundation/env";
import { isPrivateAddress } from "@/lib/foundation/http/private-address";
import { singleton } from "@/lib/foundation/runtime/singleton";

export function pinnedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      const list = (addresses as unknown as dns.LookupAddress[]).filter((a) => allowPrivate || !isPrivateAddress(a.address));
      if (list.length === 0) {
        const blocked = Object.assign(new Error(`${hostname} resolves to a private address`), { code: "EPRIVATE" });
        return callback(blocked, "", 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

function trustedCas(): string[] | undefined {
  const file = env().proxyCaFile;
  return file ? [...tls.rootCertificates, readFileSync(file, "utf8")] : undefined;
}

type Agents = { http: http.Agent; https: https.Agent };

function makeAgents(allowPrivate: boolean): Agents {
  const lookup = pinnedLookup(allowPrivate);
  return {
    http: new http.Agent({ keepAlive: true, maxSockets: 256, lookup, noDelay: true }),
    https: new https.Agent({ keepAlive: true, maxSockets: 256, lookup, noDelay: true, ca: trustedCas() }),
  };
}

export function upstreamAgents(allowPrivate: boolean): Agents {
  return singleton(allowPrivate ? "credential-proxy-agents-private" : "credential-proxy-agents-public", () => makeAgents(allowPrivate));
}
