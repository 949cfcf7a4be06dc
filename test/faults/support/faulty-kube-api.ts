/**
 * A loopback HTTPS server in front of the suite's fake Kubernetes API that misbehaves on the
 * requests a test picks: it cuts the connection half-way through a body, stalls after the
 * headers, or answers 200 with a body of the wrong shape. Every other request is passed to
 * the fake API unchanged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAKE_KUBE_API_CA, type FakeKubeApi } from '../../support/fake-kube-api.js';

const KEY = readFileSync(join(import.meta.dirname, '../../support/fake-kube-api.key'), 'utf8');

export type Fault =
  /** Headers promise a long body; half of it is sent, then the socket is destroyed. */
  | { cut: true }
  /** Headers and part of the body are sent, then nothing more, ever. */
  | { stall: true }
  /** 200 with this JSON body. */
  | { body: unknown };

export interface FaultyKubeApi {
  url: string;
  /** Requests that were answered with a fault, as `GET /path`. */
  faulted: string[];
  close(): Promise<void>;
}

export async function startFaultyKubeApi(upstream: FakeKubeApi, pick: (path: string) => Fault | undefined): Promise<FaultyKubeApi> {
  const faulted: string[] = [];
  const server = createServer({ cert: FAKE_KUBE_API_CA, key: KEY }, (req, out) => {
    const path = new URL(req.url ?? '/', 'https://faulty').pathname;
    const fault = pick(path);
    if (!fault) return forward(upstream, req, out);
    faulted.push(`${req.method} ${path}`);
    answerWith(fault, out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    faulted,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function answerWith(fault: Fault, out: ServerResponse): void {
  if ('body' in fault) {
    const text = JSON.stringify(fault.body);
    out.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    out.end(text);
    return;
  }
  const half = `{"kind":"APIResourceList","apiVersion":"v1","groupVersion":"apps/v1","resources":[`;
  out.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 4 * half.length });
  out.write(half, () => {
    if ('cut' in fault) out.socket?.destroy();
  });
}

function forward(upstream: FakeKubeApi, req: IncomingMessage, out: ServerResponse): void {
  const onward = request(
    { host: '127.0.0.1', port: upstream.port, path: req.url, method: req.method, headers: req.headers, ca: FAKE_KUBE_API_CA },
    (answer) => {
      out.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(out);
    },
  );
  onward.on('error', () => out.destroy());
  req.pipe(onward);
}
