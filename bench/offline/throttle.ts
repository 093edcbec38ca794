/**
 * A slow mobile link between a client and a local server, for bench/offline: a TCP proxy that lets bytes through
 * at a set bandwidth each way and delays them by half the round-trip time, in order. A new connection waits one
 * round trip (the TCP handshake) before its first byte goes up. Counts the bytes each way (what a phone pays for).
 */
import net from 'node:net';

export interface LinkOptions {
  /** bits per second, server → client */
  downBps: number;
  /** bits per second, client → server */
  upBps: number;
  rttMs: number;
}

export interface ThrottledProxy {
  port: number;
  /** bytes sent so far: down (server → client) and up */
  bytes: { down: number; up: number };
  close(): Promise<void>;
}

/** One direction of the link: a queue serialised at the bandwidth, each chunk delivered after the latency. */
function direction(bps: number, latencyMs: number, deliver: (chunk: Buffer) => void, count: (n: number) => void) {
  let freeAt = 0;
  let lastDelivery = 0;
  return {
    send(chunk: Buffer) {
      count(chunk.length);
      const start = Math.max(performance.now(), freeAt);
      freeAt = start + (chunk.length * 8 * 1000) / bps;
      lastDelivery = freeAt + latencyMs;
      setTimeout(() => deliver(chunk), Math.max(0, lastDelivery - performance.now()));
    },
    /** when everything queued has arrived */
    drainedAt: () => lastDelivery,
  };
}

export async function throttledProxy(targetPort: number, link: LinkOptions): Promise<ThrottledProxy> {
  const bytes = { down: 0, up: 0 };
  const half = link.rttMs / 2;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    const upstream = new net.Socket();
    sockets.add(upstream);
    const pending: Buffer[] = [];
    let open = false;
    const up = direction(
      link.upBps,
      half,
      (c) => upstream.write(c),
      (n) => (bytes.up += n),
    );
    const down = direction(
      link.downBps,
      half,
      (c) => client.write(c),
      (n) => (bytes.down += n),
    );
    // the handshake costs a round trip before the first byte goes up
    setTimeout(() => {
      upstream.connect(targetPort, '127.0.0.1', () => {
        open = true;
        for (const c of pending.splice(0)) up.send(c);
      });
    }, link.rttMs);
    client.on('data', (c) => (open ? up.send(c) : pending.push(c)));
    upstream.on('data', (c) => down.send(c));
    const endLater = (s: net.Socket, at: number) => setTimeout(() => s.end(), Math.max(0, at - performance.now()));
    upstream.on('end', () => endLater(client, down.drainedAt()));
    client.on('end', () => endLater(upstream, up.drainedAt()));
    for (const s of [client, upstream]) {
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      s.on('close', () => sockets.delete(s));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    bytes,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
