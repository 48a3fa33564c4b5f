// Preloaded (`node --import`) into the npm peer gateway, which listens on every interface and has no option to
// choose: every listen() without a host gets 127.0.0.1, so the benchmark never opens a port beyond this machine.
// Patching the prototype is the only way in without editing the peer's code; it changes nothing else.
import net from "node:net";

const LOOPBACK = "127.0.0.1";
const listen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenOnLoopback(this: net.Server, ...args: unknown[]) {
  const [first, second] = args;
  if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
    if (second === undefined) args[1] = LOOPBACK;
    else if (typeof second !== "string") args.splice(1, 0, LOOPBACK);
  } else if (typeof first === "object" && first !== null && !("host" in first) && !("path" in first)) {
    args[0] = { ...first, host: LOOPBACK };
  }
  return (listen as (...a: unknown[]) => net.Server).apply(this, args);
} as typeof listen;
