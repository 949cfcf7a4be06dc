export interface LintProblem {
  file: string;
  line: number;
  column: number;
  message: string;
  kind: string;
}
export function lintFiles(files: string[], root?: string): Promise<LintProblem[]>;
export function defaultFiles(root?: string): Promise<string[]>;
