/** Moves to the start of the line and clears it, so a progress line can redraw in place (or make way). */
export const CLEAR_LINE = '\r\x1b[2K';
