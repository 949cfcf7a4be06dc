export declare const ENVS: string[];
export declare function serviceName(index: number): string;
export declare function driftedServices(count: number, every?: number): string[];
export declare function writeSyntheticRepo(root: string, count: number, options?: { driftEvery?: number }): Promise<string[]>;
