/** Rounds for the journal and the reports: milliseconds and seconds keep 3 decimals by default. */
export const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
