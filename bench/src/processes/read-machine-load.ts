import { readFileSync } from "node:fs";

export interface CpuTimes {
  /** busy CPU time of the whole machine (user, nice, system, irq, softirq, steal), ms */
  machineBusyMs: number;
  /** this process and every child it has reaped, ms */
  ownMs: number;
}

// /proc reports CPU times in USER_HZ ticks, 100 per second on every mainstream Linux architecture.
const MS_PER_TICK = 10;

/**
 * The machine's busy CPU time and this process tree's, from /proc (Linux; undefined elsewhere). The difference
 * between two readings is what other processes took meanwhile: load the benchmark cannot control.
 *
 * @example
 * const before = readCpuTimes(); ... const other = describeBackgroundLoad(before, readCpuTimes(), cores);
 */
export function readCpuTimes(): CpuTimes | undefined {
  try {
    const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpu;
    const stat = readFileSync("/proc/self/stat", "utf8");
    // after the command name: utime is field 14, stime 15, cutime 16, cstime 17
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
    const own = (fields[11] ?? 0) + (fields[12] ?? 0) + (fields[13] ?? 0) + (fields[14] ?? 0);
    return { machineBusyMs: (user + nice + system + irq + softirq + steal) * MS_PER_TICK, ownMs: own * MS_PER_TICK };
  } catch {
    return undefined;
  }
}

/**
 * Describes how busy the rest of the machine was between two readings (taken once every child has exited).
 *
 * @example
 * describeBackgroundLoad(before, after, 2, 60_000); // "other processes used 12.3 CPU-s (10 % of 2 cores)"
 */
export function describeBackgroundLoad(before: CpuTimes | undefined, after: CpuTimes | undefined, cores: number, elapsedMs: number): string {
  if (!before || !after) return "unknown (no /proc)";
  const otherMs = Math.max(0, after.machineBusyMs - before.machineBusyMs - (after.ownMs - before.ownMs));
  const share = (100 * otherMs) / (cores * elapsedMs);
  return `other processes used ${(otherMs / 1000).toFixed(1)} CPU-s during the run (${share.toFixed(0)} % of ${cores} cores)`;
}
