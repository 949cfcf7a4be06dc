/** Fragment ids shared by the overview and the details, by position in the matrix. */
export function serviceAnchor(row: number): string {
  return `svc-${row}`;
}

export function cellAnchor(row: number, column: number): string {
  return `svc-${row}-pair-${column}`;
}

export function findingAnchor(id: string): string {
  return `finding-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}
