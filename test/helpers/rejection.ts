/** What a function threw: its message and the GraphQL extensions it becomes, for a whole-object `toEqual`. */
export function rejection(run: () => unknown): { message: string; extensions: unknown } {
  try {
    run();
  } catch (error) {
    return { message: (error as Error).message, extensions: (error as { extensions: unknown }).extensions };
  }
  throw new Error('expected a rejection, and nothing was thrown');
}
