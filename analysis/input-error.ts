/**
 * Bad input found while analysing a data set's content (a code outside its codebook, a ragged CSV
 * row). analysis/ knows nothing of the command line: the CLI reports this error with exit 2.
 */
export class InputError extends Error {}

export const inputError = (message: string) => new InputError(message);
