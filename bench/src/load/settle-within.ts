/**
 * Waits until every promise has settled or `ms` have passed, whichever comes first, without leaving a timer behind
 * (a pending timer would keep the process alive after the benchmark ends). True when all settled in time.
 *
 * @example
 * const finished = await settleWithin([...pending], 5_000);
 */
export async function settleWithin(promises: ReadonlyArray<Promise<unknown>>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([Promise.allSettled(promises).then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
