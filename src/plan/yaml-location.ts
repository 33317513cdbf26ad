import {
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Pair,
  type YAMLMap,
} from 'yaml';
import { numberText, type ConfigLocator, type ConfigScalar, type YamlPath } from './config-locator.js';

// Re-exported: callers that only need the shapes import them from config-locator.ts (no YAML parser loaded).
export { numberText, type ConfigLocator, type ConfigScalar, type YamlPath };

/** Finds where values and keys of a parsed document are, as `file:line`, for error messages. */
export class YamlLocator implements ConfigLocator {
  /** Each mapping's pairs by key, built on first lookup: a config of n jobs is then read in O(n), not O(n²). */
  private readonly indexes = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(
    private readonly document: Document,
    private readonly lineCounter: LineCounter,
    /** The file as shown to the user (relative to the working directory when inside it). */
    readonly file: string,
  ) {}

  /** `file:line` of an offset in the source. */
  at(offset: number): string {
    return `${this.file}:${this.lineCounter.linePos(offset).line}`;
  }

  /** `file:line` of the value at `path`, or of its closest ancestor that exists. */
  value(path: YamlPath): string {
    const { node } = this.walk(path);
    return this.at(startOf(node));
  }

  /** `file:line` of the key `key` of the map at `path` (the value's line when the key is not found). */
  key(path: YamlPath, key: string): string {
    const { node, complete } = this.walk(path);
    const pair = complete && isMap(node) ? this.pairOf(node, key) : undefined;
    return this.at(startOf(pair ? pair.key : node));
  }

  /** The node at `path`, when the whole path exists. */
  node(path: YamlPath): unknown {
    const { node, complete } = this.walk(path);
    return complete ? node : undefined;
  }

  keysInOrder(path: YamlPath): string[] | undefined {
    const node = this.node(path);
    if (!isMap(node)) return undefined;
    const keys: string[] = [];
    for (const pair of node.items) if (isScalar(pair.key)) keys.push(String(pair.key.value));
    return keys;
  }

  text(path: YamlPath, value: ConfigScalar): string {
    return scalarText(this.node(path), value);
  }

  private walk(path: YamlPath): { node: unknown; complete: boolean } {
    let node: unknown = this.document.contents;
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(this.document);
      let next: unknown;
      if (isMap(node)) {
        next = this.pairOf(node, String(segment))?.value;
      } else if (isSeq(node)) {
        const index = Number(segment);
        next = Number.isInteger(index) ? node.items[index] : undefined;
      }
      if (!isNode(next)) return { node, complete: false };
      node = next;
    }
    return { node, complete: true };
  }

  private pairOf(map: YAMLMap, key: string): Pair | undefined {
    let index = this.indexes.get(map);
    if (!index) {
      index = new Map();
      for (const pair of map.items) {
        const text = keyText(pair.key);
        // The first of duplicate keys wins, like the parser's own error for them.
        if (text !== undefined && !index.has(text)) index.set(text, pair);
      }
      this.indexes.set(map, index);
    }
    return index.get(key);
  }
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

function startOf(node: unknown): number {
  if (isNode(node) && node.range) return node.range[0];
  return 0;
}

/**
 * The text a scalar stands for on a command line: strings as they are, numbers as the user wrote them
 * when that is a plain decimal (`1e-3` stays `1e-3`, `0.10` stays `0.10`), otherwise their value.
 */
export function scalarText(node: unknown, value: ConfigScalar): string {
  return numberText(isScalar(node) && typeof node.source === 'string' ? node.source : undefined, value);
}
