/**
 * @fileoverview Small helpers for the sentences the page writes from its numbers.
 */

/** The text with its first character in upper case ("the RNN" → "The RNN"). */
export const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);
