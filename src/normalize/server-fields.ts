/**
 * Fields the API server writes (or that only describe one copy of an object): they differ
 * between any two environments by construction and say nothing about parity.
 */
import type { K8sObject } from '../types.js';

const SERVER_METADATA = ['namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink'];

const SERVER_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision'];

/** Removes `status`, server-set metadata, `metadata.namespace` and server-written annotations, in place. */
export function stripServerFields(object: K8sObject): void {
  delete object.status;
  const metadata = object.metadata;
  for (const field of SERVER_METADATA) delete metadata[field];
  const annotations = metadata.annotations;
  if (annotations) {
    for (const annotation of SERVER_ANNOTATIONS) delete annotations[annotation];
    if (Object.keys(annotations).length === 0) delete metadata.annotations;
  }
}
