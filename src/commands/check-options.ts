import type { Command } from 'commander';
import type { HealthFlags } from './health.js';

export interface CheckFlags extends HealthFlags {
  checkPerformance?: boolean;
  prometheus?: string;
  prometheusTokenFile?: string;
  prometheusCa?: string;
  checkIncidents?: boolean;
  alertmanager?: string;
  alertmanagerTokenFile?: string;
  alertmanagerCa?: string;
}

/** `--check-performance` and `--check-incidents` and where they ask. */
export function addCheckOptions(command: Command): Command {
  return command
    .option('--check-performance', 'also compare the policy\'s performance queries since the source rollout with before it (Prometheus)')
    .option('--prometheus <url>', 'with --check-performance: Prometheus API base URL (or PARITY_PROMETHEUS_URL; token in PARITY_PROMETHEUS_TOKEN)')
    .option('--prometheus-token-file <file>', 'file holding the Prometheus bearer token')
    .option('--prometheus-ca <file>', 'CA bundle (PEM) that signs the Prometheus certificate')
    .option('--check-incidents', 'also require no open alert matching the policy\'s incident matchers (Alertmanager)')
    .option('--alertmanager <url>', 'with --check-incidents: Alertmanager base URL (or PARITY_ALERTMANAGER_URL; token in PARITY_ALERTMANAGER_TOKEN)')
    .option('--alertmanager-token-file <file>', 'file holding the Alertmanager bearer token')
    .option('--alertmanager-ca <file>', 'CA bundle (PEM) that signs the Alertmanager certificate');
}
