/** The few API object shapes the live tests poke into. */
import type { K8sObject } from '../../src/types.js';

interface TestContainer {
  name: string;
  image?: string;
  env?: Array<{ name: string; value?: string }>;
}

export interface TestWorkload extends K8sObject {
  spec: { replicas?: number; template: { spec: { containers: TestContainer[] } } };
  status: Record<string, unknown>;
}

interface TestItem {
  metadata: { name: string; namespace?: string };
  spec?: { replicas?: number; mtls?: { mode: string } };
}

export interface TestBody {
  kind?: string;
  reason?: string;
  code?: number;
  message?: string;
  metadata?: { resourceVersion?: string };
  items: TestItem[];
  groups: Array<{ name: string }>;
  resources: unknown[];
}
