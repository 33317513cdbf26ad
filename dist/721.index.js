export const id = 721;
export const ids = [721];
export const modules = {

/***/ 14721:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  parseYaml: () => (/* binding */ parseYaml)
});

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./src/model/types.ts
var types = __webpack_require__(40440);
// EXTERNAL MODULE: ./src/plan/defaults.ts
var defaults = __webpack_require__(87621);
// EXTERNAL MODULE: ./src/plan/config-size.ts
var config_size = __webpack_require__(41131);
;// CONCATENATED MODULE: ./src/plan/yaml-guard.ts





/**
 * Refuses YAML that would make the parser slow or exhaust memory, before it is parsed: files over
 * MAX_CONFIG_BYTES, nesting deeper than MAX_CONFIG_NESTING (the yaml package recurses per level; some
 * shapes take seconds or abort the process at a few hundred levels) and more than MAX_CONFIG_ALIASES
 * aliases (each is resolved by a scan of the document; many aliases are an alias bomb). The lexer is
 * linear and stops at the first violation, so even a hostile 1 MiB file is refused in milliseconds.
 */
function checkYamlShape(text, file) {
    (0,config_size/* checkConfigSize */.c)(text, file);
    let line = 1;
    let flowDepth = 0;
    // The block depth where the outermost flow collection opened: inside `[…]`/`{…}` only brackets nest,
    // `:` `-` `?` are separators there, and line breaks and indentation carry no structure.
    let flowBase = 0;
    let lineIndicators = 0;
    let aliases = 0;
    let atLineStart = true;
    const indents = [];
    for (const token of new dist/* Lexer */.JG().lex(text)) {
        if (/^[\r\n]+$/.test(token)) {
            line += countNewlines(token);
            lineIndicators = 0;
            atLineStart = true;
            continue;
        }
        if (atLineStart) {
            atLineStart = false;
            // On a continuation line of a flow collection the indentation is layout, not nesting.
            if (flowDepth === 0) {
                const indent = /^ +$/.test(token) ? token.length : 0;
                while (indents.length > 0 && indents[indents.length - 1] >= indent)
                    indents.pop();
                indents.push(indent);
            }
        }
        const first = token[0];
        if (token === '[' || token === '{') {
            if (flowDepth === 0)
                flowBase = indents.length + lineIndicators;
            flowDepth++;
        }
        else if (token === ']' || token === '}')
            flowDepth = Math.max(0, flowDepth - 1);
        else if (token === '-' || token === '?' || token === ':') {
            if (flowDepth === 0)
                lineIndicators++;
        }
        else if (first === '*')
            aliases++;
        else if (token.length > 1 && first !== '#')
            line += countNewlines(token);
        const depth = flowDepth > 0 ? flowBase + flowDepth : indents.length + lineIndicators;
        if (depth > defaults/* MAX_CONFIG_NESTING */.BS) {
            throw new types/* InputError */.d(`${file}:${line}`, `${file}:${line}: the YAML is nested more than ${defaults/* MAX_CONFIG_NESTING */.BS} levels deep; a job config never needs that.`);
        }
        if (aliases > defaults/* MAX_CONFIG_ALIASES */.pJ) {
            throw new types/* InputError */.d(`${file}:${line}`, `${file}:${line}: more than ${defaults/* MAX_CONFIG_ALIASES */.pJ} YAML aliases (*name); refused as a possible alias bomb.`);
        }
    }
}
function countNewlines(text) {
    let count = 0;
    for (let i = 0; i < text.length; i++) {
        if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n'))
            count++;
    }
    return count;
}

// EXTERNAL MODULE: ./src/plan/config-locator.ts
var config_locator = __webpack_require__(92926);
;// CONCATENATED MODULE: ./src/plan/yaml-location.ts


// Re-exported: callers that only need the shapes import them from config-locator.ts (no YAML parser loaded).

/** Finds where values and keys of a parsed document are, as `file:line`, for error messages. */
class YamlLocator {
    document;
    lineCounter;
    file;
    /** Each mapping's pairs by key, built on first lookup: a config of n jobs is then read in O(n), not O(n²). */
    indexes = new WeakMap();
    constructor(document, lineCounter, 
    /** The file as shown to the user (relative to the working directory when inside it). */
    file) {
        this.document = document;
        this.lineCounter = lineCounter;
        this.file = file;
    }
    /** `file:line` of an offset in the source. */
    at(offset) {
        return `${this.file}:${this.lineCounter.linePos(offset).line}`;
    }
    /** `file:line` of the value at `path`, or of its closest ancestor that exists. */
    value(path) {
        const { node } = this.walk(path);
        return this.at(startOf(node));
    }
    /** `file:line` of the key `key` of the map at `path` (the value's line when the key is not found). */
    key(path, key) {
        const { node, complete } = this.walk(path);
        const pair = complete && (0,dist/* isMap */.jh)(node) ? this.pairOf(node, key) : undefined;
        return this.at(startOf(pair ? pair.key : node));
    }
    /** The node at `path`, when the whole path exists. */
    node(path) {
        const { node, complete } = this.walk(path);
        return complete ? node : undefined;
    }
    keysInOrder(path) {
        const node = this.node(path);
        if (!(0,dist/* isMap */.jh)(node))
            return undefined;
        const keys = [];
        for (const pair of node.items)
            if ((0,dist/* isScalar */.jn)(pair.key))
                keys.push(String(pair.key.value));
        return keys;
    }
    text(path, value) {
        return scalarText(this.node(path), value);
    }
    walk(path) {
        let node = this.document.contents;
        for (const segment of path) {
            if ((0,dist/* isAlias */.Vj)(node))
                node = node.resolve(this.document);
            let next;
            if ((0,dist/* isMap */.jh)(node)) {
                next = this.pairOf(node, String(segment))?.value;
            }
            else if ((0,dist/* isSeq */.oP)(node)) {
                const index = Number(segment);
                next = Number.isInteger(index) ? node.items[index] : undefined;
            }
            if (!(0,dist/* isNode */.Ll)(next))
                return { node, complete: false };
            node = next;
        }
        return { node, complete: true };
    }
    pairOf(map, key) {
        let index = this.indexes.get(map);
        if (!index) {
            index = new Map();
            for (const pair of map.items) {
                const text = keyText(pair.key);
                // The first of duplicate keys wins, like the parser's own error for them.
                if (text !== undefined && !index.has(text))
                    index.set(text, pair);
            }
            this.indexes.set(map, index);
        }
        return index.get(key);
    }
}
function keyText(key) {
    if ((0,dist/* isScalar */.jn)(key))
        return String(key.value);
    return typeof key === 'string' ? key : undefined;
}
function startOf(node) {
    if ((0,dist/* isNode */.Ll)(node) && node.range)
        return node.range[0];
    return 0;
}
/**
 * The text a scalar stands for on a command line: strings as they are, numbers as the user wrote them
 * when that is a plain decimal (`1e-3` stays `1e-3`, `0.10` stays `0.10`), otherwise their value.
 */
function scalarText(node, value) {
    return (0,config_locator/* numberText */.$)((0,dist/* isScalar */.jn)(node) && typeof node.source === 'string' ? node.source : undefined, value);
}

;// CONCATENATED MODULE: ./src/plan/yaml-config.ts





// The YAML path of config.ts, in a module of its own: config.ts loads it (and the yaml package) with import()
// only for a config that is not JSON, so a JSON config or none never compiles the parser.
/**
 * The YAML path: the shape guard (nesting, alias count) runs before the parser, collection keys and
 * duplicate keys are refused before conversion, and aliases are expanded with a cap.
 */
function parseYaml(text, body, file) {
    checkYamlShape(text, file);
    const lineCounter = new dist/* LineCounter */.HN();
    const document = (0,dist/* parseDocument */.Tp)(body, {
        lineCounter,
        prettyErrors: false,
        // Checked below in one pass: the parser's own check compares every key with every other.
        uniqueKeys: false,
        logLevel: 'error',
    });
    const locator = new YamlLocator(document, lineCounter, file);
    const syntaxError = document.errors[0];
    if (syntaxError) {
        const where = locator.at(syntaxError.pos[0]);
        throw new types/* InputError */.d(where, `${where}: invalid YAML: ${firstLine(syntaxError.message)}`);
    }
    checkNodes(document, locator);
    let value;
    try {
        value = document.toJS({ maxAliasCount: defaults/* MAX_CONFIG_ALIASES */.pJ });
    }
    catch (error) {
        throw new types/* InputError */.d(file, `${file}: the YAML cannot be read: ${firstLine(error.message)}.`);
    }
    return { locator, value };
}
function firstLine(message) {
    return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
/**
 * Keys must be plain scalars, once per mapping (YAML allows lists as keys and duplicates, a config does
 * not), and every alias must have its anchor before it.
 */
function checkNodes(document, locator) {
    (0,dist/* visit */.YR)(document, {
        Alias(_key, alias) {
            if (!alias.resolve(document)) {
                const where = locator.at(alias.range?.[0] ?? 0);
                throw new types/* InputError */.d(where, `${where}: the alias *${alias.source} has no anchor &${alias.source} before it.`);
            }
        },
        Map(_key, map) {
            const seen = new Set();
            for (const pair of map.items) {
                const key = pair.key;
                const offset = (0,dist/* isScalar */.jn)(key) || (0,dist/* isCollection */.P3)(key) ? (key.range?.[0] ?? 0) : 0;
                if (!(0,dist/* isScalar */.jn)(key)) {
                    const where = locator.at(offset);
                    throw new types/* InputError */.d(where, `${where}: a key must be a plain name, not a list or mapping.`);
                }
                const name = String(key.value);
                if (seen.has(name)) {
                    const where = locator.at(offset);
                    throw new types/* InputError */.d(where, `${where}: duplicate key '${name}'.`);
                }
                seen.add(name);
            }
        },
    });
}


/***/ })

};
