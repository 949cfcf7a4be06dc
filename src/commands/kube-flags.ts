import type { Command } from 'commander';
import type { KubeClientOptions } from '../live/kube.js';

/** The flags that say which cluster to ask and how. */
export interface KubeFlags {
  context?: string;
  kubeconfig?: string;
  allowInsecureHttp?: boolean;
}

/** `--allow-insecure-http`: a plain-HTTP API server off loopback (loopback ones need no flag). */
export function addAllowInsecureHttp(command: Command): Command {
  return command.option('--allow-insecure-http', 'accept a plain-HTTP API server (http://) that is not on loopback; loopback ones such as kubectl proxy need no flag');
}

/** The client options of these flags, every call bounded by `--timeout`. */
export function kubeClientOptionsOf(flags: KubeFlags, timeoutMs?: number): KubeClientOptions {
  return {
    ...(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}),
    ...(flags.context ? { context: flags.context } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(flags.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
  };
}
