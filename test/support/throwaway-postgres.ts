/**
 * A PostgreSQL cluster of its own (initdb + pg_ctl on a free port, in a temp directory) that a test
 * may stop and start at will; the shared server at 127.0.0.1:5432 is never touched. As root the
 * server runs as the `postgres` user (runuser), as anyone else as that user. `create` answers with
 * the reason instead when the cluster cannot be made here (no PostgreSQL binaries, no such user).
 */
import { execFile, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "@/test/support/free-port";

const BIN = process.env.OKAP_TEST_PG_BIN ?? "/usr/lib/postgresql/15/bin";

/** Runs a PostgreSQL tool (asynchronously: the test's own traffic keeps flowing meanwhile). */
function run(args: string[], asPostgres: boolean): Promise<{ ok: boolean; output: string }> {
  const [command, ...rest] = asPostgres ? ["runuser", "-u", "postgres", "--", ...args] : args;
  return new Promise((resolve) => {
    execFile(command!, rest, { encoding: "utf8", timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ ok: !error, output: `${stdout}${stderr}${error ? String(error) : ""}` }),
    );
  });
}

export class ThrowawayPostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly asPostgres: boolean,
  ) {}

  static async create(): Promise<ThrowawayPostgres | { skip: string }> {
    if (!existsSync(path.join(BIN, "initdb"))) return { skip: `no PostgreSQL server binaries in ${BIN} (set OKAP_TEST_PG_BIN)` };
    const asPostgres = process.getuid?.() === 0;
    const dir = mkdtempSync(path.join(tmpdir(), "okap-pg-"));
    chmodSync(dir, 0o755);
    if (asPostgres) {
      const ids = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
      const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
      if (ids.status !== 0) return { skip: "running as root, but there is no postgres user to run the server as" };
      chownSync(dir, Number(ids.stdout.trim()), Number(gid.stdout.trim()));
    }
    const init = await run(
      [path.join(BIN, "initdb"), "-D", path.join(dir, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
      asPostgres,
    );
    if (!init.ok) {
      rmSync(dir, { recursive: true, force: true });
      return { skip: `initdb failed: ${init.output.trim().split("\n").at(-1)}` };
    }
    const cluster = new ThrowawayPostgres(dir, await freePort(), asPostgres);
    await cluster.start();
    return cluster;
  }

  url(database = "postgres"): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async createDatabase(name: string): Promise<string> {
    const client = new pg.Client({ connectionString: this.url() });
    await client.connect();
    await client.query(`CREATE DATABASE "${name}"`);
    await client.end();
    return this.url(name);
  }

  private async pgCtl(...args: string[]): Promise<void> {
    const r = await run([path.join(BIN, "pg_ctl"), "-D", path.join(this.dir, "data"), ...args], this.asPostgres);
    if (!r.ok) throw new Error(`pg_ctl ${args[0]} failed: ${r.output}`);
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    await this.pgCtl("start", "-w", "-o", options, "-l", path.join(this.dir, "server.log"));
  }

  /** A fast shutdown, as a restart or failover would: sessions are terminated, transactions rolled back. */
  async stop(): Promise<void> {
    await this.pgCtl("stop", "-w", "-m", "fast");
  }

  /** The server's processes (the postmaster and its children), for freeze and thaw. */
  private processes(): number[] {
    const postmaster = Number(readFileSync(path.join(this.dir, "data", "postmaster.pid"), "utf8").split("\n")[0]);
    const children = readdirSync("/proc")
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          return Number(readFileSync(`/proc/${d}/stat`, "utf8").split(") ")[1]!.split(" ")[1]) === postmaster;
        } catch {
          return false;
        }
      })
      .map(Number);
    return [postmaster, ...children];
  }

  /** A server that hangs instead of refusing (SIGSTOP to every process of it): connections open, nothing answers. */
  freeze(): void {
    for (const pid of this.processes()) process.kill(pid, "SIGSTOP");
  }

  thaw(): void {
    for (const pid of this.processes()) process.kill(pid, "SIGCONT");
  }

  async destroy(): Promise<void> {
    await run([path.join(BIN, "pg_ctl"), "-D", path.join(this.dir, "data"), "stop", "-w", "-m", "immediate"], this.asPostgres);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
