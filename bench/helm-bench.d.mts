export declare function driftedHelmServices(count: number): string[];
export declare function writeHelmRepo(dir: string, count: number): string[];
