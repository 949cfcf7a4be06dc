export type { Application, ApplicationSource } from './application.js';
export { readApplications } from './read-applications.js';
export { mapApplications, type MappedApplication } from './map-applications.js';
export { auditApplications } from './audit-applications.js';
export { loadClusters, parseClusterOption, readClustersFile, type Cluster } from './clusters.js';
