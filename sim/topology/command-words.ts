// SPDX-License-Identifier: GPL-2.0-only
/**
 * The words of a command line (`run:` entries, command checks, `libsim
 * exec`): no shell, quotes group words, nothing else is special.  Part of
 * the topology's syntax, so the loader checks it before anything runs.
 */
import { CommandSyntaxError } from './command-syntax-error';

/** Longest command line accepted, and most words. */
const MAX_LENGTH = 4096;
const MAX_WORDS = 256;

/**
 * Splits a command line into words: blanks separate words; '...' and
 * "..." group (no escapes inside single quotes; \" and \\ inside double
 * quotes); a backslash outside quotes takes the next character as is.
 * @throws CommandSyntaxError on an empty line, an unclosed quote, or too long a line
 */
export function splitCommand(text: string): string[] {
  if (text.length > MAX_LENGTH) throw new CommandSyntaxError(`a command is at most ${MAX_LENGTH} characters`);
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (c === "'" || c === '"') {
      const end = findClose(text, i, c);
      for (let j = i + 1; j < end; j++) {
        if (c === '"' && text[j] === '\\' && (text[j + 1] === '"' || text[j + 1] === '\\')) j++;
        word += text[j];
      }
      inWord = true;
      i = end;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  if (words.length === 0) throw new CommandSyntaxError('empty command');
  if (words.length > MAX_WORDS) throw new CommandSyntaxError(`a command has at most ${MAX_WORDS} words`);
  return words;
}

function findClose(text: string, open: number, quote: string): number {
  for (let j = open + 1; j < text.length; j++) {
    if (quote === '"' && text[j] === '\\') {
      j++;
      continue;
    }
    if (text[j] === quote) return j;
  }
  throw new CommandSyntaxError(`unclosed ${quote} quote`);
}
