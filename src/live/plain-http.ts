/**
 * Plain-HTTP API servers (`kubectl proxy` on http://127.0.0.1:8001). @kubernetes/client-node
 * refuses an `http://` server unless the cluster entry sets insecure-skip-tls-verify; kubectl
 * does not. parity accepts one on a loopback host, and elsewhere only when the user says so.
 */
import { isIPv4 } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { LiveError } from '../errors.js';

/** The flag that lets parity talk plain HTTP to a host that is not loopback. */
const ALLOW_INSECURE_HTTP_FLAG = '--allow-insecure-http';

/** `localhost`, `127.0.0.0/8` or `::1`: traffic that never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
  if (host === 'localhost' || host === '::1') return true;
  return isIPv4(host) && host.startsWith('127.');
}

/**
 * The kubeconfig to build the client from. For an `http://` server of the current context it
 * either refuses (not loopback, no flag) or returns a copy whose cluster entry lets the client
 * library open a plain connection; TLS settings mean nothing there, so nothing is weakened.
 */
export function acceptPlainHttp(kc: KubeConfig, allowInsecureHttp: boolean): KubeConfig {
  const cluster = kc.getCurrentCluster();
  if (!cluster || !cluster.server.startsWith('http:')) return kc;
  const context = kc.getCurrentContext();
  const hostname = URL.canParse(cluster.server) ? new URL(cluster.server).hostname : '';
  if (!isLoopbackHost(hostname) && !allowInsecureHttp) {
    throw new LiveError(
      `context ${context}: the API server ${cluster.server} is plain HTTP on a host that is not loopback; ` +
        `pass ${ALLOW_INSECURE_HTTP_FLAG} to use it anyway`,
    );
  }
  const plain = new KubeConfig();
  plain.loadFromOptions({
    clusters: kc.clusters.map((entry) => (entry.name === cluster.name ? { ...entry, skipTLSVerify: true } : entry)),
    users: kc.users,
    contexts: kc.contexts,
    currentContext: context,
  });
  return plain;
}
