// SPDX-License-Identifier: GPL-2.0-only
/**
 * The JSON Schema of `checks:` entries (check-loader.ts, expect-loader.ts).
 * Checks are not a model's parameters, so these are written out here; a
 * test keeps their keys equal to the loader's (CHECK_KEYS).
 */
import { KEY_PATH } from './expect-loader';
import type { JsonObject } from './param-schema';

/** What `name:` is, in every kind of check. */
const NAME: JsonObject = {
  type: 'string',
  description: 'description in TAP and summary.json (default: derived from the check)',
};

/** The definitions the checks refer to, by name (`#/$defs/<name>`). */
export const CHECK_DEFS: Readonly<Record<string, JsonObject>> = {
  range: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: { min: { type: 'number' }, max: { type: 'number' } },
  },
  commandCheck: {
    type: 'object',
    additionalProperties: false,
    required: ['at', 'node', 'cmd'],
    properties: {
      name: NAME,
      at: { $ref: '#/$defs/duration' },
      node: { type: 'string' },
      cmd: {
        type: 'string',
        description: 'ip, tc, sysctl, bridge or ss (others with --allow-exec), split into words without a shell',
      },
      stdin: {
        type: 'string',
        description:
          "text fed to the program's standard input (default: none, /dev/null), e.g. one ip -batch - command per line",
      },
      json: {
        description:
          'expected JSON: a subset of the parsed stdout (several JSON texts one per line, as ip -j -batch - prints, ' +
          'are the array of those texts)',
      },
      expect: {
        $ref: '#/$defs/expect',
        description:
          'key paths into the parsed stdout (as for json:) and what they must be, e.g. length: 32, "*.0.gateway": { same: true }',
      },
      match: { type: 'string', description: 'regular expression stdout must match' },
      stderr: { type: 'string', description: 'regular expression stderr must match' },
      exit: { type: 'integer', minimum: 0, maximum: 255, description: 'expected exit status (default 0)' },
    },
  },
  appCheck: {
    type: 'object',
    additionalProperties: false,
    required: ['app', 'expect'],
    properties: {
      name: NAME,
      app: { type: 'integer', minimum: 0, description: 'index of the app in apps:' },
      expect: { $ref: '#/$defs/expect' },
    },
  },
  linkCheck: {
    type: 'object',
    additionalProperties: false,
    required: ['link', 'expect'],
    properties: {
      name: NAME,
      link: { type: 'string', description: "node:iface-node:iface, endpoints in the link's order" },
      expect: { $ref: '#/$defs/expect' },
    },
  },
  same: {
    type: 'object',
    additionalProperties: false,
    required: ['same'],
    properties: {
      same: { const: true, description: "every value the path's * names equals the others (a path with * only)" },
    },
  },
  expect: {
    type: 'object',
    minProperties: 1,
    propertyNames: { pattern: KEY_PATH.source },
    additionalProperties: {
      description:
        'a value (equal; subset match for objects and arrays), {min, max} bounds on a number, or {same: true}',
      anyOf: [{ $ref: '#/$defs/range' }, { $ref: '#/$defs/same' }, {}],
    },
    description:
      'dotted key paths (ab.dropsQueue, streams.0.lost, icmpErrors.length; * for every element of an array: ' +
      'streams.*.jitter_ms, which must then hold for each, and no elements is a failure) and what they must be',
  },
};
