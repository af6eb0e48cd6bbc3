// Shared plumbing of the fake HTTP servers: start on 127.0.0.1 with an ephemeral port, record every request,
// close without leaving handles behind, and a small rule list for fault injection.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/policy/validation`. */
  path: string;
  /** Query parameters (last value wins for repeated names). */
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The raw request body as text ('' when none). */
  rawBody: string;
  /** The body parsed as JSON, or undefined when empty or not JSON. */
  body: unknown;
}

export interface ParsedRequest extends RecordedRequest {
  raw: IncomingMessage;
}

export type Handler = (req: ParsedRequest, res: ServerResponse) => Promise<void> | void;

/**
 * Requests in flight: from the moment one arrives until its answer is sent (or the connection drops).
 * Share one between fakes (Access Analyzer and IAM) to see every AWS call a run has in flight at once.
 */
export class InFlight {
  now = 0;
  max = 0;
  enter(): void {
    this.now += 1;
    this.max = Math.max(this.max, this.now);
  }
  leave(): void {
    this.now -= 1;
  }
  reset(): void {
    this.max = this.now;
  }
}

export interface StartedServer {
  url: string;
  requests: RecordedRequest[];
  inFlight: InFlight;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Starts an HTTP server on 127.0.0.1, port 0, that records each request and hands it to `handler`, counting
 * the requests in flight in `inFlight` (a new counter unless one is given to share).
 */
export async function startHttpServer(
  handler: Handler,
  inFlight: InFlight = new InFlight(),
): Promise<StartedServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    inFlight.enter();
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      inFlight.leave();
    };
    res.once('finish', leave);
    res.once('close', leave);
    void (async () => {
      const rawBody = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const query: Record<string, string> = {};
      for (const [k, v] of url.searchParams) query[k] = v;
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query,
        headers: req.headers,
        rawBody,
        body: parseJson(rawBody),
      };
      requests.push(recorded);
      await handler({ ...recorded, raw: req }, res);
    })().catch((error: unknown) => {
      if (!res.headersSent) {
        sendJson(res, 500, { message: `fake server bug: ${String(error)}` });
      } else {
        res.destroy();
      }
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closed = false;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    inFlight,
    close: async () => {
      if (closed) return;
      closed = true;
      const done = new Promise<void>((resolve, reject) =>
        server.close((err) => (err ? reject(err) : resolve())),
      );
      server.closeAllConnections();
      await done;
    },
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(text === '' ? {} : { 'content-type': 'application/json' }),
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Answers with this exact status, headers and body text in place of the normal answer (malformed bodies,
 * wrong shapes, odd statuses). With `stallMs`, the status line, headers and the first half of the body go
 * out at once and the rest only after `stallMs` (a response that stalls mid-body).
 */
export interface RawAnswer {
  status?: number;
  body: string;
  headers?: Record<string, string>;
  stallMs?: number;
}

/** Sends a RawAnswer (status 200 unless given; `contentType` unless the headers name one). */
export async function sendRaw(res: ServerResponse, answer: RawAnswer, contentType: string): Promise<void> {
  const bytes = Buffer.from(answer.body, 'utf8');
  const named = Object.keys(answer.headers ?? {}).some((h) => h.toLowerCase() === 'content-type');
  res.writeHead(answer.status ?? 200, {
    ...(named ? {} : { 'content-type': contentType }),
    'content-length': String(bytes.length),
    ...answer.headers,
  });
  if (!answer.stallMs) {
    res.end(bytes);
    return;
  }
  const half = Math.floor(bytes.length / 2);
  res.write(bytes.subarray(0, half));
  await sleep(answer.stallMs);
  if (!res.destroyed) res.end(bytes.subarray(half));
}

/** The transport-level part of a fault, the same for every fake. */
export interface TransportFault {
  /** Added to the fake's latency, in ms. */
  delayMs?: number;
  /** Drop the connection without an answer. */
  destroy?: boolean;
  /** Answer exactly this. */
  raw?: RawAnswer;
}

/**
 * Waits out the latency and the fault's delay, then applies a dropped connection or a raw answer. Returns
 * true when the request has been answered (or dropped) and the fake must not answer it again.
 */
export async function applyTransportFault(
  fault: TransportFault | undefined,
  latencyMs: number | undefined,
  req: ParsedRequest,
  res: ServerResponse,
  answer: { requestId: string; contentType: string },
): Promise<boolean> {
  const delay = (latencyMs ?? 0) + (fault?.delayMs ?? 0);
  if (delay > 0) await sleep(delay);
  if (fault?.destroy) {
    req.raw.socket.destroy();
    return true;
  }
  if (fault?.raw) {
    const headers = { 'x-amzn-requestid': answer.requestId, ...fault.raw.headers };
    await sendRaw(res, { ...fault.raw, headers }, answer.contentType);
    return true;
  }
  return false;
}

/**
 * A fault rule: applies to requests that `when` accepts, `times` times (default: for ever). With `every: N`
 * it applies only to every Nth request `when` accepts (the Nth, 2Nth, ...), deterministically, e.g. "1 in 3
 * calls is throttled".
 */
export interface Rule<Req, Fault> {
  when?: (req: Req) => boolean;
  times?: number;
  every?: number;
  fault: Fault;
}

/** An ordered list of fault rules; the first rule that matches and has uses left wins. */
export class FaultRules<Req, Fault> {
  private rules: {
    when?: (req: Req) => boolean;
    left: number;
    every: number;
    seen: number;
    fault: Fault;
  }[] = [];

  add(...rules: Rule<Req, Fault>[]): void {
    for (const r of rules) {
      this.rules.push({
        ...(r.when ? { when: r.when } : {}),
        left: r.times ?? Number.POSITIVE_INFINITY,
        every: Math.max(1, r.every ?? 1),
        seen: 0,
        fault: r.fault,
      });
    }
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for this request, consuming one use of the matching rule. */
  take(req: Req): Fault | undefined {
    for (const rule of this.rules) {
      if (rule.left <= 0) continue;
      if (rule.when && !rule.when(req)) continue;
      rule.seen += 1;
      if (rule.seen % rule.every !== 0) continue;
      rule.left -= 1;
      return rule.fault;
    }
    return undefined;
  }
}
