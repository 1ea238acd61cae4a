/**
 * Text from outside (a file name, a line of a file) printed to a terminal or a log: control characters
 * are shown as escapes, so an escape sequence in a file name cannot move the cursor, recolour or retitle
 * the terminal, or hide the rest of a message.
 */

/** C0 controls, DEL, C1 controls (which include the 8-bit CSI), and the bidirectional overrides: matching control characters is the point here. */
/* eslint-disable no-control-regex */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/* eslint-enable no-control-regex */

function escape(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** A name (file, model id) with every control character escaped, newlines and tabs included. */
export function printableName(name: string): string {
  return name.replace(CONTROL, escape);
}

/** A message with control characters escaped, its newlines and tabs kept. */
export function printableText(text: string): string {
  return text.replace(CONTROL_BUT_LINES, escape);
}
