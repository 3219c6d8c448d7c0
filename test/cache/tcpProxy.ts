import net from 'node:net';

/** A TCP proxy on 127.0.0.1 in front of a server, which a test can cut, reopen and stall. */
export interface TcpProxy {
  port: number;
  /** Stops listening and cuts every connection: the server looks down (connections are refused). */
  close(): Promise<void>;
  /** Listens again on the same port. */
  open(): Promise<void>;
  /** Holds what clients send until `resume`: the server looks slow, though connected. */
  stall(): void;
  /** Forwards what was held, in order, and everything after it. */
  resume(): void;
}

/** Starts a proxy to `target` on a free port of 127.0.0.1. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let stalled = false;
  let held: (() => void)[] = [];
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('data', (chunk) => (stalled ? held.push(() => upstream.write(chunk)) : upstream.write(chunk)));
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      held = [];
      await closed;
    },
    open: () => listen(port),
    stall() {
      stalled = true;
    },
    resume() {
      stalled = false;
      const pending = held;
      held = [];
      for (const write of pending) write();
    },
  };
}
