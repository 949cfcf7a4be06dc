/** 1-based line of a character offset in `text`, by binary search over the line starts. */
export function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i += 1) if (text[i] === '\n') starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? Number.POSITIVE_INFINITY) <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}
