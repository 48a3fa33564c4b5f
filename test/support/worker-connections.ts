import { existsSync } from "node:fs";
import { readFile, readdir, readlink } from "node:fs/promises";
import { Agent, request } from "node:http";

/** True where the helpers below can see process sockets (Linux /proc). */
export const CAN_SEE_SOCKETS = existsSync("/proc/net/tcp") && existsSync("/proc/self/fd");

/** The ids of the processes whose parent is `pid` (a `serve --workers N` primary's workers). */
export async function listChildPids(pid: number): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    // "pid (comm) state ppid ...": comm may hold spaces, so read after its closing parenthesis
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (ppid === pid) children.push(Number(entry));
  }
  return children;
}

/** The inode of the server side of a TCP connection on 127.0.0.1 between `serverPort` and `clientPort`. */
async function findServerSocketInode(serverPort: number, clientPort: number): Promise<string | undefined> {
  const hex = (port: number) => port.toString(16).toUpperCase().padStart(4, "0");
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    const lines = (await readFile(table, "utf8").catch(() => "")).split("\n").slice(1);
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      const [local, remote, inode] = [fields[1], fields[2], fields[9]];
      if (local?.endsWith(`:${hex(serverPort)}`) && remote?.endsWith(`:${hex(clientPort)}`)) return inode;
    }
  }
  return undefined;
}

/** Which of `pids` holds the server side of the connection from `clientPort` to `serverPort`. */
export async function findConnectionOwner(serverPort: number, clientPort: number, pids: readonly number[]): Promise<number | undefined> {
  const inode = await findServerSocketInode(serverPort, clientPort);
  if (inode === undefined) return undefined;
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      if ((await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "")) === `socket:[${inode}]`) return pid;
    }
  }
  return undefined;
}

export interface OwnedAnswer {
  status: number;
  errorType: string | undefined;
  body: string;
  /** the worker process that served the request */
  owner: number | undefined;
}

/**
 * POSTs on a new TCP connection (so node:cluster hands it to the next worker) and, while the connection is still
 * open, finds which of `pids` served it.
 */
export async function postOnFreshConnection(url: string, headers: Record<string, string>, body: string, pids: readonly number[]): Promise<OwnedAnswer> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const target = new URL(url);
    const { status, errorType, text, clientPort } = await new Promise<{ status: number; errorType: string | undefined; text: string; clientPort: number }>(
      (resolve, reject) => {
        const req = request(target, { method: "POST", agent, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } }, (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, errorType: res.headers["x-amzn-errortype"] as string | undefined, text, clientPort: req.socket!.localPort! }),
          );
          res.on("error", reject);
        });
        req.on("error", reject);
        req.end(body);
      },
    );
    const owner = await findConnectionOwner(Number(target.port), clientPort, pids);
    return { status, errorType, body: text, owner };
  } finally {
    agent.destroy();
  }
}
