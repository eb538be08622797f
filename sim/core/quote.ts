// SPDX-License-Identifier: GPL-2.0-only
/**
 * User text in messages.  Every error libsim prints is one line, and text
 * that came from the user (a value, a key, a file name) can neither end
 * that line nor pass for libsim's own words: a `to:` of
 * "10.0.0.2\nlibsim: all good" once printed a second line that looked
 * like libsim's.
 *
 * - quote(): a value in a sentence, always in double quotes, JSON-style;
 * - quoteIfNeeded(): a name or option value, bare when it is a plain token
 *   (`h1`, `/tmp/t.yaml`, `1000h`), else quoted;
 * - oneLine(): a whole message at the places that print one (bin/libsim,
 *   TAP, failed checks): every character that could end or rewrite a line
 *   escaped, whatever the message was built from.
 */

/**
 * What a terminal may take for a line break or a command, or what reorders
 * text: C0 controls (newline, carriage return, escape), DEL, C1 controls
 * (0x9b is CSI on some terminals), the Unicode line and paragraph
 * separators, and the bidirectional controls.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** The JSON escape of an unsafe character: `\n`, else `\u001b` and the like. */
function escapeChar(c: string): string {
  return SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Longest value shown whole in a message, characters; a longer one is cut, with its length. */
const MAX_SHOWN = 200;

/**
 * `text` with every character that could end or rewrite the line escaped
 * as JSON escapes it (`\n`, `\r`, `\u001b`); everything else as it is.
 */
export function oneLine(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/**
 * `value` as a JSON string on one line: `"10.0.0.2\nlibsim: all good"`.
 * A value longer than 200 characters is cut: `"aaaa..."… (5000000 characters)`.
 */
export function quote(value: string): string {
  if (value.length > MAX_SHOWN) {
    return `${oneLine(JSON.stringify(value.slice(0, MAX_SHOWN)))}… (${value.length} characters)`;
  }
  return oneLine(JSON.stringify(value));
}

/** A plain token: letters, digits and the punctuation of names, paths, numbers with units. */
const PLAIN = /^[A-Za-z0-9_.,:@%+=/*-]+$/;

/** `value` as it is when a plain token (`h1`, `/tmp/t.yaml`, `-3`), else quote(value). */
export function quoteIfNeeded(value: string): string {
  return PLAIN.test(value) && value.length <= MAX_SHOWN ? value : quote(value);
}
