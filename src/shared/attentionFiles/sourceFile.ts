/**
 * Marian writes no source tokens: they are the lines of the file given to the decoder. When the user
 * does not name it, it is looked for beside the output by name: the output's name without its last
 * extension (`test.de.out` -> `test.de`), then with `.src` / `.source` / `.in` / `.input` instead.
 */
export function sourceFileCandidates(outputName: string): string[] {
  const dot = outputName.lastIndexOf('.');
  if (dot <= 0) return [`${outputName}.src`, `${outputName}.source`, `${outputName}.in`];
  const stem = outputName.slice(0, dot);
  return [stem, ...['.src', '.source', '.in', '.input'].map(e => stem + e)].filter(n => n !== outputName);
}
