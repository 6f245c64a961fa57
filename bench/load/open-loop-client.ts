/**
 * A lean open-loop HTTP load generator for the benchmarks: requests are sent on a fixed schedule (not after the
 * previous answer), over a pool of keep-alive sockets, written and parsed by hand. It costs a fraction of the CPU of
 * fetch, which matters when the generator shares the machine with the server it measures.
 */
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface RequestSpec {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface Answer {
  /** Seconds since the start at which the request was due. */
  readonly dueAt: number;
  /** From the instant it was due to its answer. */
  readonly latencyMs: number;
  /** How late the generator itself sent it: a late generator means the machine stalled, not only the server. */
  readonly lateMs: number;
}

export interface OpenLoopResult {
  /** Every answer, in answer order. */
  readonly timeline: Answer[];
  readonly statuses: Map<number, number>;
  readonly firstFailure: string | null;
  readonly elapsedSeconds: number;
  readonly sent: number;
}

interface Pending {
  readonly dueAt: number;
  readonly lateMs: number;
}

class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly pending: Pending[] = [];
  readonly socket: Socket;

  constructor(
    host: string,
    port: number,
    private readonly onResponse: (status: number, body: string, pending: Pending) => void,
  ) {
    this.socket = connect({ host, port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  get busy(): number {
    return this.pending.length;
  }

  /** `scheduledAt`: when the request was due, so time spent waiting for a free socket counts as latency. */
  send(request: string, scheduledAt: number): void {
    this.pending.push({ dueAt: scheduledAt, lateMs: performance.now() - scheduledAt });
    this.socket.write(request);
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const head = this.buffer.subarray(0, headerEnd).toString('latin1');
      const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? '0');
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      const status = Number(head.slice(9, 12));
      const pending = this.pending.shift();
      if (pending) this.onResponse(status, body, pending);
    }
  }
}

function serialize(spec: RequestSpec, host: string): string {
  const body = Buffer.byteLength(spec.body);
  const headers = Object.entries({ ...spec.headers, host, 'content-length': String(body), connection: 'keep-alive' })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return `${spec.method} ${spec.path} HTTP/1.1\r\n${headers}\r\n${spec.body}`;
}

/**
 * Sends `rate` requests per second for `seconds`, the i-th built by `requestFor(i)`, each on the least busy of
 * `connections` sockets (a socket carries one request at a time, so a slow answer is seen as latency, not hidden).
 */
export async function runOpenLoop(options: {
  host: string;
  port: number;
  rate: number;
  seconds: number;
  connections: number;
  requestFor: (index: number) => RequestSpec;
  expectStatus: number;
}): Promise<OpenLoopResult> {
  const timeline: Answer[] = [];
  let startedAt = 0;
  const statuses = new Map<number, number>();
  let firstFailure: string | null = null;
  let answered = 0;
  const total = Math.round(options.rate * options.seconds);
  const hostHeader = `${options.host}:${options.port}`;
  const connections = Array.from(
    { length: options.connections },
    () =>
      new Connection(options.host, options.port, (status, body, pending) => {
        answered++;
        timeline.push({
          dueAt: (pending.dueAt - startedAt) / 1000,
          latencyMs: performance.now() - pending.dueAt,
          lateMs: pending.lateMs,
        });
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status !== options.expectStatus && firstFailure === null) firstFailure = `${status} ${body.slice(0, 200)}`;
      }),
  );
  await Promise.all(
    connections.map((connection) => new Promise((resolve) => connection.socket.once('connect', resolve))),
  );
  const started = performance.now();
  startedAt = started;
  let sent = 0;
  const queue: { request: string; scheduledAt: number }[] = [];
  while (sent < total || queue.length > 0) {
    const due = started + (sent * 1000) / options.rate;
    while (sent < total && performance.now() >= started + (sent * 1000) / options.rate) {
      queue.push({
        request: serialize(options.requestFor(sent), hostHeader),
        scheduledAt: started + (sent * 1000) / options.rate,
      });
      sent++;
    }
    // Requests queued here beyond free sockets wait for a socket: that wait is part of their latency.
    while (queue.length > 0) {
      const idle = connections.find((connection) => connection.busy === 0);
      if (!idle) break;
      const next = queue.shift()!;
      idle.send(next.request, next.scheduledAt);
    }
    const wait = sent < total ? Math.max(0, due - performance.now()) : 1;
    await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 1)));
  }
  while (answered < total) await new Promise((resolve) => setTimeout(resolve, 2));
  const elapsedSeconds = (performance.now() - started) / 1000;
  for (const connection of connections) connection.socket.destroy();
  return { timeline, statuses, firstFailure, elapsedSeconds, sent: total };
}
