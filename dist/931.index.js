export const id = 931;
export const ids = [931];
export const modules = {

/***/ 13931:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cacheStatusLines: () => (/* binding */ cacheStatusLines),
  planJobKeys: () => (/* binding */ planJobKeys),
  restoreJobs: () => (/* binding */ restoreJobs),
  saveJob: () => (/* binding */ saveJob)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
var external_node_fs_default = /*#__PURE__*/__webpack_require__.n(external_node_fs_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/plan/real-path.ts
var real_path = __webpack_require__(29415);
;// CONCATENATED MODULE: ./src/cache/job-key.ts


/**
 * The cache entry format. Bump it when the key's recipe or the entry's layout changes: every older entry then
 * misses (it is never read in a shape it was not written in).
 */
const CACHE_FORMAT_VERSION = 1;
/** The key: sha256 (hex) of the components' canonical JSON. */
function keyOf(components) {
    return (0,external_node_crypto_.createHash)('sha256').update(canonicalJson(components)).digest('hex');
}
/**
 * The key components of one job. Pure: file digests come in through `context`. Never holds a secret: every word and
 * env value goes through the redactor (a secret anywhere in it is replaced by `***`, so the key says a secret was
 * there, not what it was: changing a secret's value alone does not rerun a job; `--force` does).
 */
function keyComponents(job, context) {
    const local = (text) => context.redactor.redact(withoutCheckout(text, context.workingDirectory));
    const [program = '', ...args] = job.command;
    return {
        format: CACHE_FORMAT_VERSION,
        code: sortedRecord(context.code),
        command: args.map(local),
        interpreter: { path: local(program), version: context.pythonVersion },
        env: sortedRecord(Object.fromEntries(Object.entries(job.env).map(([name, value]) => [name, local(value)]))),
        inputs: sortedRecord(context.inputs),
        requirements: sortedRecord(context.requirements),
        place: {
            cwd: external_node_path_default().relative(context.workingDirectory, job.cwd).split((external_node_path_default()).sep).join('/') || '.',
            output_dir: job.outputDir,
        },
    };
}
/** `text` with every occurrence of the checkout's absolute path replaced: two clones of one commit share keys. */
function withoutCheckout(text, workingDirectory) {
    const root = external_node_path_default().resolve(workingDirectory);
    if (root === external_node_path_default().parse(root).root || !text.includes(root))
        return text;
    return text.split(root).join('<checkout>');
}
/**
 * Why a job's components differ from an earlier entry's, for people ("helpers/features.py changed", "command
 * changed: --epochs 3 → 5"). Empty when they are equal. Only names and masked values: nothing secret.
 */
function describeChanges(before, after) {
    const changes = [];
    if (before.format !== after.format)
        changes.push('the cache format changed');
    changes.push(...fileChanges(before.code, after.code, ''));
    if (canonicalJson(before.command) !== canonicalJson(after.command))
        changes.push(`command changed: ${commandChange(before.command, after.command)}`);
    if (canonicalJson(before.interpreter) !== canonicalJson(after.interpreter)) {
        changes.push(`interpreter changed: ${before.interpreter.path} ${before.interpreter.version ?? ''} → ${after.interpreter.path} ${after.interpreter.version ?? ''}`.replace(/\s+/g, ' '));
    }
    const names = new Set([...Object.keys(before.env ?? {}), ...Object.keys(after.env ?? {})]);
    const changedEnv = [...names].filter((name) => before.env?.[name] !== after.env?.[name]).sort();
    if (changedEnv.length > 0)
        changes.push(`env changed: ${changedEnv.join(', ')}`);
    changes.push(...fileChanges(before.inputs, after.inputs, 'input '));
    changes.push(...fileChanges(before.requirements, after.requirements, 'requirements '));
    if (canonicalJson(before.place) !== canonicalJson(after.place))
        changes.push('cwd or output folder changed');
    return changes;
}
function fileChanges(before = {}, after = {}, label) {
    const changes = [];
    const files = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const file of files) {
        if (!(file in before))
            changes.push(`${label}${file} added`);
        else if (!(file in after))
            changes.push(`${label}${file} removed`);
        else if (before[file] !== after[file])
            changes.push(`${label}${file} changed`);
    }
    return changes;
}
/** The words that differ, around the first difference: `--epochs 3 → --epochs 5`. */
function commandChange(before, after) {
    let start = 0;
    while (start < before.length && start < after.length && before[start] === after[start])
        start++;
    let endBefore = before.length;
    let endAfter = after.length;
    while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
        endBefore--;
        endAfter--;
    }
    const from = Math.max(0, start - 1);
    const show = (words, end) => words.slice(from, end).join(' ') || '(nothing)';
    return `${show(before, endBefore)} → ${show(after, endAfter)}`;
}
function sortedRecord(record) {
    return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
/** JSON with object keys sorted at every level: the same components always give the same bytes. */
function canonicalJson(value) {
    if (Array.isArray(value))
        return `[${value.map(canonicalJson).join(',')}]`;
    if (value !== null && typeof value === 'object') {
        const entries = Object.entries(value)
            .filter(([, item]) => item !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
    }
    return JSON.stringify(value);
}

;// CONCATENATED MODULE: ./src/cache/entry.ts





const MANIFEST_FILE = 'manifest.json';
const OUTPUT = 'output';
const LOG = 'job.log';
const RESULT = 'result.json';
/** An entry that cannot be made (a link in the output folder) or trusted (a file missing, changed, added). */
class EntryError extends Error {
    name = 'EntryError';
}
/**
 * Fills the empty folder `entry` with the job's outputs, log and result, and writes the manifest last.
 * Throws EntryError when the output folder holds a symbolic link or something other than files and folders
 * (an entry never carries a link out of the working directory).
 */
async function packEntry(entry, input) {
    const { workingDirectory, job, result } = input;
    await copyTree(external_node_path_default().resolve(workingDirectory, job.outputDir), external_node_path_default().join(entry, OUTPUT), job.outputDir);
    const log = external_node_path_default().resolve(workingDirectory, job.logPath);
    if (external_node_fs_default().existsSync(log))
        await external_node_fs_default().promises.copyFile(log, external_node_path_default().join(entry, LOG));
    else
        await external_node_fs_default().promises.writeFile(external_node_path_default().join(entry, LOG), '');
    const { cache: _cache, ...stored } = result;
    await external_node_fs_default().promises.writeFile(external_node_path_default().join(entry, RESULT), `${JSON.stringify(stored)}\n`);
    const { files, folders } = await inventory(entry);
    const manifest = {
        format: CACHE_FORMAT_VERSION,
        key: input.key,
        job_id: job.id,
        created_at: input.createdAt,
        source: input.source,
        components: input.components,
        files,
        folders,
    };
    await external_node_fs_default().promises.writeFile(external_node_path_default().join(entry, MANIFEST_FILE), `${JSON.stringify(manifest)}\n`);
    return manifest;
}
/**
 * Checks a restored folder against its manifest: same key and format, every listed file present with its size
 * and sha256, no file or link that is not listed. Throws EntryError naming the first problem.
 */
async function verifyEntry(entry, key) {
    let manifest;
    try {
        manifest = JSON.parse(await external_node_fs_default().promises.readFile(external_node_path_default().join(entry, MANIFEST_FILE), 'utf8'));
    }
    catch {
        throw new EntryError('its manifest.json is missing or unreadable');
    }
    if (manifest?.format !== CACHE_FORMAT_VERSION)
        throw new EntryError('its format version differs');
    if (manifest.key !== key)
        throw new EntryError('its manifest names another key');
    const found = await inventory(entry, (name) => name === MANIFEST_FILE);
    const listed = manifest.files ?? {};
    for (const [file, expected] of Object.entries(listed)) {
        const actual = found.files[file];
        if (!actual)
            throw new EntryError(`${file} is missing`);
        if (actual.size !== expected.size || actual.sha256 !== expected.sha256)
            throw new EntryError(`${file} does not match its checksum`);
    }
    for (const file of Object.keys(found.files))
        if (!(file in listed))
            throw new EntryError(`${file} is not in its manifest`);
    let result;
    try {
        result = JSON.parse(await external_node_fs_default().promises.readFile(external_node_path_default().join(entry, RESULT), 'utf8'));
    }
    catch {
        throw new EntryError(`${RESULT} is unreadable`);
    }
    if (result?.id !== manifest.job_id)
        throw new EntryError(`${RESULT} belongs to another job`);
    const log = await external_node_fs_default().promises.readFile(external_node_path_default().join(entry, LOG), 'utf8');
    for (const folder of manifest.folders ?? [])
        await external_node_fs_default().promises.mkdir(external_node_path_default().join(entry, folder), { recursive: true });
    return { manifest, result, log };
}
/**
 * Moves a verified entry's output folder into the job's place and writes its log (`header` first, then the log the
 * job wrote). The old output folder is moved aside first and removed after, so the job's folder is at any moment
 * either the old one or the whole restored one, never half of each. `entry` must be on the working directory's
 * file system (a staging folder inside it) for the moves to be renames.
 */
async function placeEntry(entry, verified, job, workingDirectory, header) {
    const target = external_node_path_default().resolve(workingDirectory, job.outputDir);
    const aside = external_node_path_default().join(entry, 'previous-output');
    await external_node_fs_default().promises.mkdir(external_node_path_default().dirname(target), { recursive: true });
    // Checked again now: a link planted since the plan (by a job of an earlier run) is refused, never followed.
    const log = external_node_path_default().resolve(workingDirectory, job.logPath);
    await external_node_fs_default().promises.mkdir(external_node_path_default().dirname(log), { recursive: true });
    for (const folder of [external_node_path_default().dirname(target), external_node_path_default().dirname(log)])
        if (!(0,real_path/* isReallyInside */.O5)(workingDirectory, folder))
            throw new EntryError(`${external_node_path_default().relative(workingDirectory, folder)} leads outside the working directory`);
    if ((await external_node_fs_default().promises.lstat(target).catch(() => null))?.isSymbolicLink())
        throw new EntryError(`${job.outputDir} is a symbolic link`);
    let movedAside = false;
    try {
        await external_node_fs_default().promises.rename(target, aside);
        movedAside = true;
    }
    catch (error) {
        if (error.code !== 'ENOENT')
            throw error;
    }
    try {
        await external_node_fs_default().promises.rename(external_node_path_default().join(entry, OUTPUT), target);
    }
    catch (error) {
        if (movedAside)
            await external_node_fs_default().promises.rename(aside, target).catch(() => undefined);
        throw error;
    }
    if (movedAside)
        await external_node_fs_default().promises.rm(aside, { recursive: true, force: true });
    const staged = external_node_path_default().join(entry, 'restored.log');
    await external_node_fs_default().promises.writeFile(staged, `${header}\n${verified.log}`);
    await external_node_fs_default().promises.rename(staged, log);
}
/** Copies a folder tree (files and folders only); a missing source makes an empty folder. */
async function copyTree(from, to, shown) {
    await external_node_fs_default().promises.mkdir(to, { recursive: true });
    let entries;
    try {
        entries = await external_node_fs_default().promises.readdir(from, { withFileTypes: true });
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return;
        throw error;
    }
    for (const entry of entries) {
        const source = external_node_path_default().join(from, entry.name);
        if (entry.isDirectory())
            await copyTree(source, external_node_path_default().join(to, entry.name), `${shown}/${entry.name}`);
        else if (entry.isFile())
            await external_node_fs_default().promises.copyFile(source, external_node_path_default().join(to, entry.name));
        else
            throw new EntryError(`${shown}/${entry.name} is a symbolic link or special file, which an entry does not carry`);
    }
}
/** Every file (digest, size) and folder under `root`, entry-relative; a link or special file is an EntryError. */
async function inventory(root, skip = () => false) {
    const files = {};
    const folders = [];
    const walk = async (relative) => {
        const entries = await external_node_fs_default().promises.readdir(external_node_path_default().join(root, relative), { withFileTypes: true });
        for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
            const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
            if (skip(child))
                continue;
            if (entry.isDirectory()) {
                folders.push(child);
                await walk(child);
            }
            else if (entry.isFile()) {
                files[child] = await digestFile(external_node_path_default().join(root, child));
            }
            else
                throw new EntryError(`${child} is a symbolic link or special file`);
        }
    };
    await walk('');
    return { files, folders };
}
/** sha256 and size of a file, streamed (the size is what was read: no extra stat). */
function digestFile(absolute) {
    return new Promise((resolve, reject) => {
        const hash = (0,external_node_crypto_.createHash)('sha256');
        let size = 0;
        external_node_fs_default().createReadStream(absolute, { highWaterMark: 1024 * 1024 })
            .on('data', (chunk) => {
            size += chunk.length;
            hash.update(chunk);
        })
            .on('end', () => resolve({ sha256: hash.digest('hex'), size }))
            .on('error', reject);
    });
}

// EXTERNAL MODULE: ./src/plan/glob-match.ts
var glob_match = __webpack_require__(94033);
// EXTERNAL MODULE: ./src/plan/python.ts
var python = __webpack_require__(57429);
;// CONCATENATED MODULE: ./src/cache/python-imports.ts
/**
 * Static reading of a Python file's imports: `import a.b as c, d`, `from a.b import c, d`, `from . import y`,
 * `from ..pkg.mod import z`, parenthesised and backslash-continued lists, at any indentation (an import inside a
 * function or a `try:` counts too: over-counting reruns a job too often, under-counting leaves a stale result).
 *
 * What it cannot see: `importlib.import_module(name)`, `__import__(...)`, `exec`/`eval` of source text, modules
 * loaded from a computed path, and data files read at runtime. Those belong in the config's `inputs:`.
 */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*$/;
/** Every import statement of `source` (Python text), in file order. Never throws: unreadable lines are skipped. */
function readPythonImports(source) {
    const imports = [];
    for (const statement of logicalLines(source)) {
        const trimmed = statement.trim();
        // `;` separates simple statements on one line; each part is read on its own.
        for (const part of trimmed.split(';')) {
            const text = part.trim();
            if (text.startsWith('import ') || text.startsWith('import\t')) {
                for (const item of text.slice(7).split(',')) {
                    const module = item
                        .trim()
                        .split(/\s+as\s+/)[0]
                        .replace(/\s+/g, '');
                    if (DOTTED.test(module))
                        imports.push({ level: 0, module, names: [] });
                }
            }
            else if (text.startsWith('from ') || text.startsWith('from\t')) {
                const match = /^from\s+(\.*)\s*([A-Za-z0-9_.\s]*?)\s+import\s*(.*)$/s.exec(text);
                if (!match)
                    continue;
                const module = match[2].replace(/\s+/g, '');
                if (module !== '' && !DOTTED.test(module))
                    continue;
                const names = match[3]
                    .replace(/[()]/g, ' ')
                    .split(',')
                    .map((name) => name
                    .trim()
                    .split(/\s+as\s+/)[0]
                    .trim())
                    .filter((name) => IDENTIFIER.test(name));
                if (match[1].length === 0 && module === '')
                    continue;
                imports.push({ level: match[1].length, module, names });
            }
        }
    }
    return imports;
}
/**
 * The file's logical lines with comments removed: a line ending in `\` continues, and so does an open `(`.
 * String literals are not parsed (a docstring that reads like an import statement counts: harmless over-counting),
 * but a `#` inside quotes on an import line is rare enough to ignore.
 */
function* logicalLines(source) {
    let pending = '';
    let depth = 0;
    for (const rawLine of source.split(/\r\n|\r|\n/)) {
        const hash = rawLine.indexOf('#');
        let line = hash === -1 ? rawLine : rawLine.slice(0, hash);
        const continued = line.trimEnd().endsWith('\\');
        if (continued)
            line = line.trimEnd().slice(0, -1);
        if (pending === '' && depth === 0 && !/^\s*(?:import|from)[\s\\]/.test(line))
            continue;
        pending += ` ${line}`;
        for (const char of line) {
            if (char === '(')
                depth++;
            else if (char === ')')
                depth = Math.max(0, depth - 1);
        }
        if (continued || depth > 0)
            continue;
        yield pending;
        pending = '';
    }
    if (pending !== '')
        yield pending;
}

;// CONCATENATED MODULE: ./src/cache/module-files.ts


/**
 * The repository-local Python files a script depends on, transitively, sorted (the script itself excluded).
 *
 * Each import is resolved against the importing file's folder (the script's folder, which Python puts first on
 * sys.path), then the job's folders `bases` (the working directory, the job's cwd); relative imports against the
 * importing file's package. Package `__init__.py` files on the way count too (Python runs them). An absolute import
 * that does not resolve so but names a module that exists elsewhere in the repository (`lib/helpers/x.py` for
 * `import helpers.x`, a script that extends sys.path itself) counts every such file in: rerunning too often is a
 * cost, a stale result is a bug. Imports of the standard library or installed packages resolve to nothing.
 */
async function localModuleFiles(script, bases, source, suffixIndex) {
    const found = new Set([script]);
    const queue = [script];
    while (queue.length > 0) {
        const file = queue.shift();
        const text = await source.read(file);
        if (text === null)
            continue;
        const folder = external_node_path_default().posix.dirname(file);
        for (const imported of readPythonImports(text)) {
            for (const target of resolveImport(imported, folder, bases, source.files, suffixIndex)) {
                if (found.has(target))
                    continue;
                found.add(target);
                queue.push(target);
            }
        }
    }
    found.delete(script);
    return [...found].sort();
}
/** The files one import statement may load. */
function resolveImport(imported, folder, bases, files, suffixIndex) {
    const parts = imported.module === '' ? [] : imported.module.split('.');
    if (imported.level > 0) {
        let base = folder;
        for (let up = 1; up < imported.level; up++)
            base = external_node_path_default().posix.dirname(base);
        return modulesUnder(base, parts, imported.names, files);
    }
    const roots = [folder, ...bases];
    for (const root of roots) {
        const hits = modulesUnder(root, parts, imported.names, files);
        if (hits.length > 0)
            return hits;
    }
    // Not on the usual paths: any file elsewhere in the repository that this dotted name could be.
    const index = suffixIndex();
    const hits = [];
    for (const name of imported.names.length > 0 ? imported.names.map((n) => `${imported.module}.${n}`) : []) {
        hits.push(...(index.get(name) ?? []));
    }
    hits.push(...(index.get(imported.module) ?? []));
    return hits;
}
/** `root/a/b.py` or `root/a/b/__init__.py` for parts [a, b], each package's `__init__.py`, and `from` names as submodules. */
function modulesUnder(root, parts, names, files) {
    const join = (...segments) => external_node_path_default().posix.normalize(external_node_path_default().posix.join(root, ...segments));
    const hits = [];
    for (let i = 1; i < parts.length; i++) {
        const init = join(...parts.slice(0, i), '__init__.py');
        if (files.has(init))
            hits.push(init);
    }
    let isPackage = parts.length === 0;
    if (parts.length > 0) {
        const module = join(...parts.slice(0, -1), `${parts[parts.length - 1]}.py`);
        const init = join(...parts, '__init__.py');
        if (files.has(module))
            hits.push(module);
        else if (files.has(init)) {
            hits.push(init);
            isPackage = true;
        }
    }
    else {
        const init = join('__init__.py');
        if (files.has(init))
            hits.push(init);
    }
    if (isPackage || hits.length === 0) {
        for (const name of names) {
            const sub = join(...parts, `${name}.py`);
            const subPackage = join(...parts, name, '__init__.py');
            if (files.has(sub))
                hits.push(sub);
            else if (files.has(subPackage))
                hits.push(subPackage);
        }
    }
    // A namespace package (a folder without __init__.py) still resolves when a `from` name is a module in it.
    return hits.filter((hit) => !hit.startsWith('../') && hit !== '..');
}
/**
 * Dotted name → the repository's Python files it could name: `lib/helpers/x.py` is `x`, `helpers.x` and
 * `lib.helpers.x`; `pkg/__init__.py` is `pkg`. Built once per run, only when an import needs it.
 */
function buildSuffixIndex(files) {
    const index = new Map();
    for (const file of files) {
        if (!file.endsWith('.py'))
            continue;
        const segments = file.slice(0, -3).split('/');
        if (segments[segments.length - 1] === '__init__')
            segments.pop();
        for (let start = segments.length - 1; start >= 0; start--) {
            const name = segments.slice(start).join('.');
            const list = index.get(name);
            if (list)
                list.push(file);
            else
                index.set(name, [file]);
        }
    }
    return index;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
var promises_default = /*#__PURE__*/__webpack_require__.n(promises_);
;// CONCATENATED MODULE: ./src/cache/repository-files.ts


/** Folders never read for keys: version control, dependencies, caches, virtual environments. */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules', '__pycache__', '.venv', 'venv', 'site-packages']);
/**
 * Every regular file under `root`, relative with POSIX separators, sorted. Symbolic links are not followed
 * (nothing outside the working directory enters a key); `.git`, `node_modules`, virtual environments and the
 * folders in `excluded` (the run's own results, logs and summaries, relative POSIX paths) are skipped.
 * An unreadable folder is skipped: a key may then see less, never more, than the repository holds.
 */
async function listRepositoryFiles(root, excluded = []) {
    const skip = new Set(excluded.map((folder) => folder.replace(/\/+$/, '')));
    const files = [];
    const walk = async (relative) => {
        let entries;
        try {
            entries = await promises_default().readdir(external_node_path_default().join(root, relative), { withFileTypes: true });
        }
        catch {
            return;
        }
        for (const entry of entries) {
            const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
            if (entry.isDirectory()) {
                if (SKIPPED_FOLDERS.has(entry.name) || skip.has(child))
                    continue;
                await walk(child);
            }
            else if (entry.isFile())
                files.push(child);
        }
    };
    await walk('');
    return files.sort();
}

;// CONCATENATED MODULE: ./src/cache/job-keys.ts








/**
 * The key of every job of the plan: reads the repository once (file list, each file hashed at most once, data files
 * streamed so memory stays bounded), then builds each job's components (see job-key.ts).
 */
async function computeJobKeys(plan, settings, redactor) {
    const root = settings.workingDirectory;
    const files = await listRepositoryFiles(root, [
        settings.resultsDir,
        settings.logsDir,
        settings.summariesDir,
    ]);
    const fileSet = new Set(files);
    let suffixIndex;
    const suffixes = () => (suffixIndex ??= buildSuffixIndex(files));
    const digests = new Map();
    const digest = (relative) => {
        let pending = digests.get(relative);
        if (!pending) {
            pending = hashFile(external_node_path_default().join(root, relative));
            digests.set(relative, pending);
        }
        return pending;
    };
    const texts = new Map();
    const source = {
        files: fileSet,
        read: (relative) => {
            let pending = texts.get(relative);
            if (!pending) {
                pending = external_node_fs_default().promises.readFile(external_node_path_default().join(root, relative), 'utf8').catch(() => null);
                texts.set(relative, pending);
            }
            return pending;
        },
    };
    const warnings = [];
    const globCache = new Map();
    const matching = (pattern, where) => {
        let matched = globCache.get(pattern);
        if (!matched) {
            const body = pattern.replace(/^\.\//, '');
            const regex = (0,glob_match/* globToRegExp */.t)(body);
            // A folder named without a wildcard stands for everything under it.
            matched = files.filter((file) => regex.test(file) || file.startsWith(`${body.replace(/\/+$/, '')}/`));
            globCache.set(pattern, matched);
            if (matched.length === 0)
                warnings.push(`${where}: '${pattern}' matches no file; it adds nothing to the key.`);
        }
        return matched;
    };
    const digestsOf = async (list) => {
        const out = {};
        for (const file of [...new Set(list)].sort())
            out[file] = (await digest(file)) ?? 'unreadable';
        return out;
    };
    // install_requirements lines: globs, `!glob` removes matches (as @actions/glob reads them).
    const lines = settings.cacheInputs ?? [];
    const removed = new Set(lines
        .filter((line) => line.startsWith('!'))
        .flatMap((line) => matching(line.slice(1), 'install_requirements')));
    const requirements = await digestsOf(lines
        .filter((line) => !line.startsWith('!'))
        .flatMap((pattern) => matching(pattern, 'install_requirements'))
        .filter((file) => !removed.has(file)));
    const version = plan.python ? (0,python/* probedPythonVersion */.DI)(plan.python) : null;
    const keys = new Map();
    const relative = (absolute) => external_node_path_default().relative(root, absolute).split((external_node_path_default()).sep).join('/') || '.';
    for (const job of plan.jobs) {
        const bases = [...new Set(['.', relative(job.cwd)])];
        const entry = job.script ?? commandFiles(job, root, fileSet);
        const scripts = Array.isArray(entry) ? entry : [entry];
        const code = [...scripts];
        for (const script of scripts) {
            if (script.endsWith('.py'))
                code.push(...(await localModuleFiles(script, bases, source, suffixes)));
        }
        const inputs = (job.inputs ?? []).flatMap((pattern) => matching(pattern, `inputs of job ${job.id}`));
        const components = keyComponents(job, {
            workingDirectory: root,
            pythonVersion: version,
            redactor,
            code: await digestsOf(code),
            inputs: await digestsOf(inputs),
            requirements,
        });
        keys.set(job.id, { key: keyOf(components), components });
    }
    return { keys, warnings };
}
/** For a `command:` job: the repository files its words name (relative to its cwd or the working directory). */
function commandFiles(job, root, files) {
    const named = [];
    for (const word of job.command) {
        for (const base of [job.cwd, root]) {
            const candidate = external_node_path_default().relative(root, external_node_path_default().resolve(base, word)).split((external_node_path_default()).sep).join('/');
            if (files.has(candidate)) {
                named.push(candidate);
                break;
            }
        }
    }
    return named;
}
/** sha256 of a regular file's bytes, streamed; null when it cannot be read or is not a regular file. */
async function hashFile(absolute) {
    try {
        if (!(await external_node_fs_default().promises.lstat(absolute)).isFile())
            return null;
    }
    catch {
        return null;
    }
    return new Promise((resolve) => {
        const hash = (0,external_node_crypto_.createHash)('sha256');
        external_node_fs_default().createReadStream(absolute)
            .on('data', (chunk) => hash.update(chunk))
            .on('end', () => resolve(hash.digest('hex')))
            .on('error', () => resolve(null));
    });
}

// EXTERNAL MODULE: ./src/cache/store.ts
var store = __webpack_require__(17631);
;// CONCATENATED MODULE: ./src/cache/job-cache.ts






/** Restores at once: enough to keep the file system's thread pool busy on a cached run of many small jobs. */
const RESTORE_CONCURRENCY = 16;
/** Calls `task` on every item, at most `limit` at a time. */
async function eachLimited(items, limit, task) {
    let next = 0;
    const worker = async () => {
        while (next < items.length)
            await task(items[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
/** The keys of the plan's jobs; warnings (a declared input matching nothing) go to the logger. */
async function planJobKeys(plan, settings, redactor, logger) {
    const keys = await computeJobKeys(plan, settings, redactor);
    for (const warning of keys.warnings)
        logger.warn(warning);
    return keys;
}
/**
 * Restores every job whose entry exists and verifies, before any job runs. Returns the restored results (status
 * `cached`) and, for every other job, what the cache did (`forced`, `miss` with why, `restore_failed`). A store
 * fault or a corrupted entry is a warning and the job runs; a job's folder is never left half restored.
 */
async function restoreJobs(plan, keys, force, context) {
    const restored = new Map();
    const decisions = new Map();
    const restoreOne = async (job) => {
        const jobKey = keys.keys.get(job.id);
        if (!jobKey)
            return;
        const { key } = jobKey;
        if (force.has(job.id)) {
            decisions.set(job.id, { key, outcome: 'forced', reason: 'forced to run' });
            return;
        }
        const started = context.now();
        let staging;
        try {
            staging = await external_node_fs_default().promises.mkdtemp(external_node_path_default().join(context.workingDirectory, '.training-orchestrator-restore-'));
            const entry = external_node_path_default().join(staging, 'entry');
            await external_node_fs_default().promises.mkdir(entry);
            if (!(await context.store.restore(key, entry))) {
                decisions.set(job.id, { key, outcome: 'miss', reason: await whyMiss(job.id, jobKey, context.store) });
                return;
            }
            const verified = await verifyEntry(entry, key);
            const source = verified.manifest.source;
            const header = `[training-orchestrator] Restored from the job cache: key ${key}, stored by ${source}.`;
            await placeEntry(entry, verified, job, context.workingDirectory, header);
            const finished = context.now();
            restored.set(job.id, {
                ...verified.result,
                id: job.id,
                status: 'cached',
                attempts: [],
                exit_code: 0,
                signal: null,
                started_at: started.toISOString(),
                finished_at: finished.toISOString(),
                duration_seconds: Math.max(0, (finished.getTime() - started.getTime()) / 1000),
                cache: { key, outcome: 'restored', source },
            });
        }
        catch (error) {
            const problem = error instanceof EntryError
                ? `the entry is corrupted: ${error.message}`
                : describe(error, context.redactor);
            context.logger.warn(`Job cache: could not restore ${job.id} (${problem}); it runs instead.`);
            decisions.set(job.id, { key, outcome: 'restore_failed', reason: problem });
        }
        finally {
            if (staging)
                await external_node_fs_default().promises.rm(staging, { recursive: true, force: true }).catch(() => undefined);
        }
    };
    await eachLimited(plan.jobs, RESTORE_CONCURRENCY, restoreOne);
    return { restored, decisions };
}
/**
 * Stores a succeeded job's entry (a job that broke a quality gate included: gates are checked again on every
 * run against the restored metrics). Never throws: a fault is a warning and `save_failed`. `forced`: the job ran
 * because `force` named it, so its new entry replaces the one held (or, where entries cannot be replaced, the
 * old one stays and the outcome says so, without a warning).
 */
async function saveJob(job, result, jobKey, context, options = {}) {
    const { key } = jobKey;
    if (result.status !== 'succeeded')
        return { key, outcome: 'miss', reason: 'not stored: the job did not succeed' };
    let staging;
    try {
        staging = await external_node_fs_default().promises.mkdtemp(external_node_path_default().join(context.workingDirectory, '.training-orchestrator-save-'));
        await packEntry(staging, {
            workingDirectory: context.workingDirectory,
            job,
            result,
            key,
            components: jobKey.components,
            source: context.source,
            createdAt: context.now().toISOString(),
        });
        await context.store.save(key, staging, { replace: options.forced === true });
        return { key, outcome: 'stored' };
    }
    catch (error) {
        // Forced on a store that cannot replace (GitHub's): expected, not a fault worth a warning.
        if (options.forced && error instanceof store/* EntryExistsError */.H)
            return {
                key,
                outcome: 'forced',
                reason: `forced to run; not stored: the ${context.store.description} keeps its earlier entry for this key (its entries cannot be replaced)`,
            };
        const problem = describe(error, context.redactor);
        context.logger.warn(`Job cache: could not store ${job.id} (${problem}); the next run runs it again.`);
        return { key, outcome: 'save_failed', reason: problem };
    }
    finally {
        if (staging)
            await external_node_fs_default().promises.rm(staging, { recursive: true, force: true }).catch(() => undefined);
    }
}
/**
 * Per job, for `--dry-run` and list-only: "cached" or "will run" and why. Asks the store only `has` (nothing is
 * downloaded); a store fault reads as "will run".
 */
async function cacheStatusLines(plan, keys, force, store, redactor) {
    const lines = [];
    for (const job of plan.jobs) {
        const jobKey = keys.keys.get(job.id);
        if (!jobKey)
            continue;
        let status;
        if (force.has(job.id))
            status = 'will run (forced)';
        else {
            try {
                status = (await store.has(jobKey.key))
                    ? 'cached'
                    : `will run (${await whyMiss(job.id, jobKey, store)})`;
            }
            catch (error) {
                status = `will run (the cache could not be asked: ${describe(error, redactor)})`;
            }
        }
        lines.push(`cache: ${job.id}: ${status} [key ${jobKey.key.slice(0, 12)}]`);
    }
    return lines;
}
/** Which key component changed since the newest entry of this job id, when the store can tell. */
async function whyMiss(jobId, jobKey, store) {
    const history = store;
    if (typeof history.newestComponents !== 'function')
        return 'no cache entry for this key';
    const before = await history.newestComponents(jobId).catch(() => null);
    if (!before)
        return 'no cache entry for this job yet';
    const changes = describeChanges(before, jobKey.components);
    if (changes.length === 0)
        return 'no cache entry for this key';
    const shown = changes.slice(0, 3).join('; ');
    return changes.length > 3 ? `${shown}; and ${changes.length - 3} more` : shown;
}
function describe(error, redactor) {
    return redactor.redact(error instanceof Error ? error.message : String(error));
}


/***/ })

};
