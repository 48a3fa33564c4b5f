import { readFileSync, readdirSync } from "node:fs";

export interface ProcessUsage {
  /** user + system CPU time of the process (and its descendants when asked), ms */
  cpuMs: number;
  /** resident set size, bytes (summed over descendants when asked) */
  rssBytes: number;
}

// Linux reports /proc CPU times in USER_HZ ticks, which is 100 on every mainstream architecture.
const MS_PER_TICK = 10;

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function readOne(pid: number): ProcessUsage | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  const status = readText(`/proc/${pid}/status`);
  if (stat === undefined || status === undefined) return undefined;
  // fields after the parenthesised command name: state is field 3, utime 14, stime 15
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rssKb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? 0);
  return { cpuMs: ticks * MS_PER_TICK, rssBytes: rssKb * 1024 };
}

function readChildren(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tasks.flatMap((tid) =>
    (readText(`/proc/${pid}/task/${tid}/children`) ?? "")
      .split(" ")
      .filter((s) => s.trim() !== "")
      .map(Number),
  );
}

/**
 * CPU time and RSS of a process from /proc (Linux); undefined elsewhere or once the process is gone.
 * With `tree`, the figures are summed over every descendant (a gateway with worker processes).
 *
 * @example
 * const before = readProcessUsage(gateway.pid);
 * // ... load ...
 * const cpuMs = readProcessUsage(gateway.pid)!.cpuMs - before!.cpuMs;
 */
export function readProcessUsage(pid: number, tree = false): ProcessUsage | undefined {
  const own = readOne(pid);
  if (!own || !tree) return own;
  const total = { ...own };
  const pending = readChildren(pid);
  for (let i = 0; i < pending.length && i < 256; i++) {
    const child = pending[i]!;
    const usage = readOne(child);
    if (!usage) continue;
    total.cpuMs += usage.cpuMs;
    total.rssBytes += usage.rssBytes;
    pending.push(...readChildren(child));
  }
  return total;
}
