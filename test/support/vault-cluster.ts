/**
 * Several real vault instances (dist/server.mjs, each its own process, port and data directory) on
 * one database with one shared VAULT_SECRET_KEY, in front of one fake upstream, as a load balancer
 * would see them; plus a grant factory on the same database and a signed-in owner per instance.
 */
import { expect } from "vitest";
import { FakeUpstream } from "@/test/support/fake-upstream";
import { GrantFactory, newSecretKey, OWNER_PASSWORD } from "@/test/support/grants";
import { expectNoCanary } from "@/test/support/proxy-harness";
import { startVault, type VaultProcess } from "@/test/support/vault-server";
import { WebClient } from "@/test/support/web-client";

export type VaultCluster = {
  databaseUrl: string;
  secret: string;
  fake: FakeUpstream;
  nodes: VaultProcess[];
  grants: GrantFactory;
  /** The owner, signed in on the instance of the same index. */
  owners: WebClient[];
  /** Starts another instance on the same database (e.g. with another key); stopped with the rest. */
  startNode: (env?: Record<string, string>, waitFor?: "ready" | "alive") => Promise<VaultProcess>;
  /** Stops every instance still running (SIGTERM), expects exit 0 and no master key in any log. */
  stop: () => Promise<void>;
};

export async function startVaultCluster(
  databaseUrl: string,
  options: { instances?: number; env?: Record<string, string> } = {},
): Promise<VaultCluster> {
  const fake = await FakeUpstream.start();
  const secret = newSecretKey();
  const nodes: VaultProcess[] = [];
  const startNode = async (env: Record<string, string> = {}, waitFor: "ready" | "alive" = "ready") => {
    const node = await startVault({ databaseUrl, env: { ...fake.env(), VAULT_SECRET_KEY: secret, ...options.env, ...env }, waitFor });
    nodes.push(node);
    return node;
  };
  // Started together: concurrent migrations and key checks on an empty database are part of the test.
  await Promise.all(Array.from({ length: options.instances ?? 2 }, () => startNode()));
  const grants = new GrantFactory(databaseUrl, secret);
  await grants.providerKey("openai"); // creates the owner too
  const owners = await Promise.all(
    nodes.map(async (node) => {
      const owner = new WebClient(node.url);
      await owner.visit("/login");
      const signedIn = await owner.signIn(grants.ownerEmail, OWNER_PASSWORD);
      if (signedIn.status !== 200) throw new Error(`sign-in on ${node.url} failed: ${signedIn.status}`);
      return owner;
    }),
  );
  return {
    databaseUrl,
    secret,
    fake,
    nodes,
    grants,
    owners,
    startNode,
    async stop() {
      const codes = await Promise.all(nodes.map((n) => n.stop()));
      await grants.close();
      await fake.close();
      expect(
        codes.every((c) => c === 0),
        `exit codes ${codes.join(",")}`,
      ).toBe(true);
      for (const node of nodes) expectNoCanary(node.output(), `logs of ${node.url}`);
    },
  };
}
