/**
 * A private Dovecot (Debian's `dovecot-imapd` + `dovecot-lmtpd`) for mail tests: started as an
 * unprivileged user on loopback ports, its configuration, state and Maildirs in a temp dir, never
 * touching the system instance. Mail arrives as it would in production, by LMTP (which wakes IDLE),
 * or by IMAP APPEND. A TCP proxy in front of IMAP lets a test cut connections, mid-fetch included.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chownSync, mkdtempSync, readdirSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import { createServer, connect, type AddressInfo, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ImapFlow } from "imapflow";
import nodemailer from "nodemailer";
import { waitFor } from "./wait.ts";

export const MAIL_USER = "hopthu@xa-tanphu.test";
export const MAIL_PASSWORD = "mat-khau-thu";

/** Who runs the private Dovecot when tests run as root: Debian's `nobody`/`nogroup`. */
const UNPRIVILEGED = { uid: 65534, gid: 65534, user: "nobody", group: "nogroup" };

export interface Dovecot {
  host: string;
  /** IMAP straight to Dovecot. */
  imapPort: number;
  lmtpPort: number;
  user: string;
  password: string;
  /** Delivers raw mail by LMTP, as the commune's MTA would. */
  deliver(raw: string | Buffer, opts?: { from?: string }): Promise<void>;
  /** A short-lived IMAP client for inspecting or arranging the mailbox. */
  withClient<T>(work: (c: ImapFlow) => Promise<T>): Promise<T>;
  /** Number of messages in a folder. */
  count(mailbox: string): Promise<number>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function chownTree(path: string, uid: number, gid: number) {
  chownSync(path, uid, gid);
  if (statSync(path).isDirectory()) for (const e of readdirSync(path)) chownTree(join(path, e), uid, gid);
}

async function waitForPort(port: number, proc: ChildProcess, log: () => string): Promise<void> {
  await waitFor(
    () => {
      if (proc.exitCode !== null) throw new Error(`dovecot exited (${proc.exitCode}):\n${log()}`);
      return new Promise<boolean>((resolve) => {
        const s = connect(port, "127.0.0.1");
        s.once("connect", () => (s.destroy(), resolve(true)));
        s.once("error", () => resolve(false));
      });
    },
    { what: `dovecot listening on ${port}` },
  ).catch((e: unknown) => {
    throw new Error(`${(e as Error).message}\n${log()}`);
  });
}

/** Starts a private Dovecot; `stop()` ends that process and removes its directory. */
export async function startDovecot(): Promise<Dovecot> {
  // Short base dir: unix socket paths are limited to ~108 bytes.
  const root = mkdtempSync(join(tmpdir(), "dv-"));
  const [run, state, mail, conf] = ["run", "state", "mail", "conf"].map((d) => join(root, d)) as [
    string,
    string,
    string,
    string,
  ];
  for (const d of [run, state, mail, conf]) mkdirSync(d);
  const imapPort = await freePort();
  const lmtpPort = await freePort();
  const asRoot = process.getuid?.() === 0;
  const who = asRoot
    ? UNPRIVILEGED
    : {
        uid: process.getuid!(),
        gid: process.getgid!(),
        user: process.env.USER ?? "nobody",
        group: process.env.USER ?? "nogroup",
      };
  writeFileSync(join(conf, "users"), `${MAIL_USER}:{PLAIN}${MAIL_PASSWORD}::::::\n`);
  const config = `
base_dir = ${run}
state_dir = ${state}
log_path = /dev/stderr
info_log_path = /dev/stderr
listen = 127.0.0.1
protocols = imap lmtp
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${who.user}
default_internal_group = ${who.group}
default_login_user = ${who.user}
mail_uid = ${who.uid}
mail_gid = ${who.gid}
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:${mail}/%n/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${conf}/users
}
userdb {
  driver = static
  args = uid=${who.uid} gid=${who.gid} home=${mail}/%n
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${imapPort}
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = ${lmtpPort}
  }
}
service anvil {
  chroot =
}
service stats {
  chroot =
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Processed {
    auto = create
  }
}
`;
  writeFileSync(join(conf, "dovecot.conf"), config);
  if (asRoot) chownTree(root, who.uid, who.gid);

  let output = "";
  const proc = spawn("/usr/sbin/dovecot", ["-F", "-c", join(conf, "dovecot.conf")], {
    stdio: ["ignore", "pipe", "pipe"],
    ...(asRoot && { uid: who.uid, gid: who.gid }),
  });
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-20_000);
  };
  proc.stdout?.on("data", keep);
  proc.stderr?.on("data", keep);
  // A test process that dies must not leave its Dovecot running.
  const orphanGuard = () => proc.kill("SIGKILL");
  process.once("exit", orphanGuard);
  await waitForPort(imapPort, proc, () => output);
  await waitForPort(lmtpPort, proc, () => output);

  const lmtp = nodemailer.createTransport({ lmtp: true, host: "127.0.0.1", port: lmtpPort, ignoreTLS: true });
  const client = () =>
    new ImapFlow({
      host: "127.0.0.1",
      port: imapPort,
      secure: false,
      auth: { user: MAIL_USER, pass: MAIL_PASSWORD },
      logger: false,
      disableAutoIdle: true,
    });

  const d: Dovecot = {
    host: "127.0.0.1",
    imapPort,
    lmtpPort,
    user: MAIL_USER,
    password: MAIL_PASSWORD,
    async deliver(raw, opts = {}) {
      await lmtp.sendMail({ envelope: { from: opts.from ?? "someone@example.vn", to: [MAIL_USER] }, raw });
    },
    async withClient(work) {
      const c = client();
      await c.connect();
      try {
        return await work(c);
      } finally {
        await c.logout().catch(() => c.close());
      }
    },
    count: (mailbox) =>
      d.withClient(async (c) => {
        const s = await c.status(mailbox, { messages: true });
        return s ? (s.messages ?? 0) : 0;
      }),
    async stop() {
      process.off("exit", orphanGuard);
      lmtp.close();
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once("exit", r));
        proc.kill("SIGTERM");
        await exited;
      }
      await rm(root, { recursive: true, force: true });
    },
  };
  return d;
}

/** A TCP proxy in front of a server, so a test can cut every connection, or one mid-transfer. */
export interface CuttableProxy {
  port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Destroys every open connection now, as a NAT box or a dying link would. */
  cutAll(): void;
  /** Cuts the next connection that has received `bytes` more bytes from the server than now. */
  cutAfterServerBytes(bytes: number): void;
  close(): Promise<void>;
}

export async function startProxy(targetPort: number): Promise<CuttableProxy> {
  const open = new Set<{ client: Socket; upstream: Socket }>();
  let accepted = 0;
  let armed: number | null = null;
  const server: Server = createServer((client) => {
    accepted++;
    const upstream = connect(targetPort, "127.0.0.1");
    const pair = { client, upstream };
    open.add(pair);
    const end = () => {
      open.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
    client.on("data", (b) => upstream.write(b));
    upstream.on("data", (b) => {
      if (armed !== null) {
        if (b.length >= armed) {
          client.write(b.subarray(0, armed));
          armed = null;
          end();
          return;
        }
        armed -= b.length;
      }
      client.write(b);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const proxy: CuttableProxy = {
    port: (server.address() as AddressInfo).port,
    get accepted() {
      return accepted;
    },
    cutAll() {
      for (const p of [...open]) {
        p.client.destroy();
        p.upstream.destroy();
      }
    },
    cutAfterServerBytes(bytes) {
      armed = bytes;
    },
    async close() {
      proxy.cutAll();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return proxy;
}
