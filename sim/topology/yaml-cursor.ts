// SPDX-License-Identifier: GPL-2.0-only
/**
 * How the loader reads the parsed YAML: every value through a cursor that
 * knows its path and line, so whatever reads a value can say where it is
 * written.  Aliases and values that contain themselves are dealt with here,
 * once.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, Node, Scalar } from 'yaml';
import type { Document } from 'yaml';
import { oneLine, quote } from '../core/quote';
import type { SourceRef } from '../core/source-ref';
import { TopologyError } from './topology-error';

/**
 * Whether `value` contains itself: YAML allows an alias inside its own
 * anchor (`&a [*a]`), which becomes a cyclic object that no comparison or
 * JSON.stringify could finish.  A value used twice (a shared alias) is fine.
 */
function isCyclic(value: unknown, ancestors = new Set<object>()): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (ancestors.has(value)) return true;
  ancestors.add(value);
  const children = value instanceof Map ? [...value.values()] : Object.values(value);
  const cyclic = children.some((child) => isCyclic(child, ancestors));
  ancestors.delete(value);
  return cyclic;
}

/** A key shown bare in a path: names, sysctl names, key paths with `*`. */
const PLAIN_KEY = /^[A-Za-z0-9_./:*-]+$/;

/**
 * A position in a parsed YAML document: the node there, its path from the
 * root and its line.  Every accessor checks the node's shape and fails
 * with a TopologyError naming exactly this place, so the loader never
 * reports a bad value without saying where it is.
 *
 * An alias (`*name`) stands for the node its anchor (`&name`) marks, as
 * YAML means it; its line is the alias's, where the value is used.
 */
export class YamlCursor {
  private readonly node: Node | null;
  private readonly offset: number;

  /**
   * @param node the node here (an alias is resolved in `doc`), or null when absent
   * @param fallbackOffset where to point when there is no node (its key, or the parent)
   */
  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
    /** Dotted path of this position. */
    readonly path: string,
    node: Node | null,
    fallbackOffset: number,
    private readonly doc: Document,
  ) {
    this.offset = node?.range?.[0] ?? fallbackOffset;
    // An alias whose anchor does not exist is a YAML error reported before any cursor exists.
    this.node = node !== null && isAlias(node) ? ((node.resolve(doc) as Node | undefined) ?? null) : node;
  }

  /** The 1-based line of this position. */
  line(): number {
    return this.lines.linePos(this.offset).line;
  }

  /** This position, for a model built from it that must name it later (what the kernel refused). */
  source(): SourceRef {
    return { file: this.file, path: this.path, line: this.line() };
  }

  /** A TopologyError about this position. */
  error(reason: string): TopologyError {
    return new TopologyError(this.file, this.path, this.line(), reason);
  }

  /** Whether a value is present (not absent, not null). */
  present(): boolean {
    return this.node !== null && !(isScalar(this.node) && this.node.value === null);
  }

  /** The value as written, for messages: a string quoted, anything else on one line and cut when long. */
  text(): string {
    if (this.node && isScalar(this.node)) {
      const v = this.node.value;
      return typeof v === 'string' ? quote(v) : String(v);
    }
    if (!this.node) return '(nothing)';
    const yaml = oneLine(this.node.toString().trimEnd());
    return yaml.length > 200 ? `${yaml.slice(0, 200)}… (${yaml.length} characters)` : yaml;
  }

  /**
   * The entries of a mapping, checked against the keys allowed here;
   * an unknown key is an error at that key, listing the allowed ones.
   */
  map(allowed: readonly string[] | null): Map<string, YamlCursor> {
    if (!this.node || !isMap(this.node)) throw this.error(`expected a mapping, found ${this.text()}`);
    const out = new Map<string, YamlCursor>();
    for (const pair of this.node.items) {
      const keyNode = pair.key as Node;
      const key = isScalar(keyNode) ? String((keyNode as Scalar).value) : String(keyNode);
      if (allowed && !allowed.includes(key)) {
        throw this.child(key, keyNode, keyNode).error(`unknown key (allowed: ${allowed.join(', ')})`);
      }
      out.set(key, this.child(key, (pair.value as Node | null) ?? null, keyNode));
    }
    return out;
  }

  /** The items of a sequence. */
  seq(): YamlCursor[] {
    if (!this.node || !isSeq(this.node)) throw this.error(`expected a list, found ${this.text()}`);
    return this.node.items.map(
      (item, i) =>
        new YamlCursor(
          this.file,
          this.lines,
          `${this.path}[${i}]`,
          (item as Node | null) ?? null,
          this.offset,
          this.doc,
        ),
    );
  }

  /** A scalar as a string (numbers written bare become their text). */
  string(): string {
    if (!this.node || !isScalar(this.node) || this.node.value === null || typeof this.node.value === 'object') {
      throw this.error(`expected a value, found ${this.text()}`);
    }
    const src = (this.node as Scalar).source;
    return typeof src === 'string' ? src : String(this.node.value);
  }

  /** An integer in [min, max]. */
  integer(min: number, max: number): number {
    const v = this.node && isScalar(this.node) ? this.node.value : undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw this.error(`${this.text()} is not an integer in ${min}..${max}`);
    }
    return v;
  }

  /** A boolean (true/false). */
  boolean(): boolean {
    const v = this.node && isScalar(this.node) ? this.node.value : undefined;
    if (typeof v !== 'boolean') throw this.error(`${this.text()} is not true or false`);
    return v;
  }

  /**
   * The value as plain JSON-able data (mappings become objects, sequences
   * arrays), aliases replaced by what their anchors mark.
   */
  toJs(): unknown {
    if (!this.node) return null;
    let value: unknown;
    try {
      // The yaml library refuses aliases that multiply beyond reason (a "billion laughs").
      value = this.node.toJS(this.doc) as unknown;
    } catch (err) {
      throw this.error(`cannot be read as data: ${(err as Error).message}`);
    }
    if (isCyclic(value)) {
      throw this.error('refers to itself (an alias inside its own anchor): it cannot be compared or written as JSON');
    }
    return value;
  }

  /** Parses the scalar with `parse`, reporting its error here. */
  parsed<T>(parse: (text: string) => T): T {
    const text = this.string();
    try {
      return parse(text);
    } catch (err) {
      throw this.error(err instanceof Error ? err.message : String(err));
    }
  }

  private child(key: string, node: Node | null, keyNode: Node): YamlCursor {
    // A key of plain characters joins the path with a dot; any other is named in quotes, so that no key
    // can forge a path or a line: nodes.h1.interfaces["eth0\nlibsim: ok"].
    const path = PLAIN_KEY.test(key) ? (this.path ? `${this.path}.${key}` : key) : `${this.path}[${quote(key)}]`;
    return new YamlCursor(this.file, this.lines, path, node, keyNode.range?.[0] ?? 0, this.doc);
  }
}
