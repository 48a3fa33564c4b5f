import { startTcpProxy as startProxy } from "../../packages/core/src/fixtures/tcp-proxy.js";

export interface TcpProxy {
  url(path?: string): string;
  readonly port: number;
  /** closes the listener and every proxied connection: the target looks down */
  stop(): Promise<void>;
  /** listens again on the same port */
  start(): Promise<void>;
}

/** The core tests' TCP proxy (an outage on demand), with a URL for the service behind it. */
export async function startTcpProxy(targetHost: string, targetPort: number, scheme: string): Promise<TcpProxy> {
  const proxy = await startProxy({ host: targetHost, port: targetPort });
  return {
    get port() {
      return proxy.port;
    },
    url: (path = "") => `${scheme}://127.0.0.1:${proxy.port}${path}`,
    stop: () => proxy.stop(),
    start: () => proxy.start(),
  };
}
