// Preloaded into a gateway (`node --import`) by the bench's allocation profile: with BENCH_ALLOC_PROFILE set, the
// first SIGUSR2 starts V8's sampling heap profiler, counting every allocation (also what a scavenge or a full GC
// collects later, unlike `--heap-prof`, which keeps only what is still alive at exit), and the second stops it and
// writes the profile to that path. The bench sends the two signals at the start and end of its measured window.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";

const output = process.env.BENCH_ALLOC_PROFILE;
if (output) {
  const session = new Session();
  session.connect();
  let sampling = false;
  process.on("SIGUSR2", () => {
    if (!sampling) {
      sampling = true;
      session.post("HeapProfiler.enable", () => {
        session.post("HeapProfiler.startSampling", {
          samplingInterval: 16_384,
          includeObjectsCollectedByMajorGC: true,
          includeObjectsCollectedByMinorGC: true,
        });
      });
      return;
    }
    session.post("HeapProfiler.stopSampling", (error, result) => {
      if (error) process.stderr.write(`allocation profile failed: ${error.message}\n`);
      else writeFileSync(output, JSON.stringify(result.profile));
    });
  });
}
