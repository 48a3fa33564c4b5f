/**
 * Runs `tick` every `ms` on a timer that does not keep the process alive, until `stop()`: the default clock of the
 * process-wide housekeeping (the idle memory release, the young-generation watch).
 *
 * @example
 * const watch = everyUnref(1000, check);
 * watch.stop();
 */
export function everyUnref(ms: number, tick: () => void): { stop(): void } {
  const timer = setInterval(tick, ms);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
