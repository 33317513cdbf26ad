export const id = 9;
export const ids = [9];
export const modules = {

/***/ 8962:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AR: () => (/* binding */ packEntry),
/* harmony export */   cT: () => (/* binding */ placeEntry),
/* harmony export */   h1: () => (/* binding */ MANIFEST_FILE),
/* harmony export */   i: () => (/* binding */ verifyEntry),
/* harmony export */   jm: () => (/* binding */ EntryError)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _plan_real_path_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9415);
/* harmony import */ var _job_key_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5307);





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
    await copyTree(node_path__WEBPACK_IMPORTED_MODULE_2___default().resolve(workingDirectory, job.outputDir), node_path__WEBPACK_IMPORTED_MODULE_2___default().join(entry, OUTPUT), job.outputDir);
    const log = node_path__WEBPACK_IMPORTED_MODULE_2___default().resolve(workingDirectory, job.logPath);
    if (node_fs__WEBPACK_IMPORTED_MODULE_1___default().existsSync(log))
        await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.copyFile(log, node_path__WEBPACK_IMPORTED_MODULE_2___default().join(entry, LOG));
    else
        await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.writeFile(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(entry, LOG), '');
    const { cache: _cache, ...stored } = result;
    await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.writeFile(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(entry, RESULT), `${JSON.stringify(stored)}\n`);
    const { files, folders } = await inventory(entry);
    const manifest = {
        format: _job_key_js__WEBPACK_IMPORTED_MODULE_4__/* .CACHE_FORMAT_VERSION */ .W9,
        key: input.key,
        job_id: job.id,
        created_at: input.createdAt,
        source: input.source,
        components: input.components,
        files,
        folders,
    };
    await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.writeFile(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(entry, MANIFEST_FILE), `${JSON.stringify(manifest)}\n`);
    return manifest;
}
/**
 * Checks a restored folder against its manifest: same key and format, every listed file present with its size
 * and sha256, no file or link that is not listed. Throws EntryError naming the first problem.
 */
async function verifyEntry(entry, key) {
    let manifest;
    try {
        manifest = JSON.parse(await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.readFile(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(entry, MANIFEST_FILE), 'utf8'));
    }
    catch {
        throw new EntryError('its manifest.json is missing or unreadable');
    }
    if (manifest?.format !== _job_key_js__WEBPACK_IMPORTED_MODULE_4__/* .CACHE_FORMAT_VERSION */ .W9)
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
        result = JSON.parse(await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.readFile(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(entry, RESULT), 'utf8'));
    }
    catch {
        throw new EntryError(`${RESULT} is unreadable`);
    }
    if (result?.id !== manifest.job_id)
        throw new EntryError(`${RESULT} belongs to another job`);
    const log = await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.readFile(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(entry, LOG), 'utf8');
    for (const folder of manifest.folders ?? [])
        await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.mkdir(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(entry, folder), { recursive: true });
    return { manifest, result, log };
}
/**
 * Moves a verified entry's output folder into the job's place and writes its log (`header` first, then the log the
 * job wrote). The old output folder is moved aside first and removed after, so the job's folder is at any moment
 * either the old one or the whole restored one, never half of each. `entry` must be on the working directory's
 * file system (a staging folder inside it) for the moves to be renames.
 */
async function placeEntry(entry, verified, job, workingDirectory, header) {
    const target = node_path__WEBPACK_IMPORTED_MODULE_2___default().resolve(workingDirectory, job.outputDir);
    const aside = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(entry, 'previous-output');
    await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.mkdir(node_path__WEBPACK_IMPORTED_MODULE_2___default().dirname(target), { recursive: true });
    // Checked again now: a link planted since the plan (by a job of an earlier run) is refused, never followed.
    const log = node_path__WEBPACK_IMPORTED_MODULE_2___default().resolve(workingDirectory, job.logPath);
    await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.mkdir(node_path__WEBPACK_IMPORTED_MODULE_2___default().dirname(log), { recursive: true });
    for (const folder of [node_path__WEBPACK_IMPORTED_MODULE_2___default().dirname(target), node_path__WEBPACK_IMPORTED_MODULE_2___default().dirname(log)])
        if (!(0,_plan_real_path_js__WEBPACK_IMPORTED_MODULE_3__/* .isReallyInside */ .O5)(workingDirectory, folder))
            throw new EntryError(`${node_path__WEBPACK_IMPORTED_MODULE_2___default().relative(workingDirectory, folder)} leads outside the working directory`);
    if ((await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.lstat(target).catch(() => null))?.isSymbolicLink())
        throw new EntryError(`${job.outputDir} is a symbolic link`);
    let movedAside = false;
    try {
        await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.rename(target, aside);
        movedAside = true;
    }
    catch (error) {
        if (error.code !== 'ENOENT')
            throw error;
    }
    try {
        await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.rename(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(entry, OUTPUT), target);
    }
    catch (error) {
        if (movedAside)
            await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.rename(aside, target).catch(() => undefined);
        throw error;
    }
    if (movedAside)
        await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.rm(aside, { recursive: true, force: true });
    const staged = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(entry, 'restored.log');
    await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.writeFile(staged, `${header}\n${verified.log}`);
    await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.rename(staged, log);
}
/** Copies a folder tree (files and folders only); a missing source makes an empty folder. */
async function copyTree(from, to, shown) {
    await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.mkdir(to, { recursive: true });
    let entries;
    try {
        entries = await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.readdir(from, { withFileTypes: true });
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return;
        throw error;
    }
    for (const entry of entries) {
        const source = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(from, entry.name);
        if (entry.isDirectory())
            await copyTree(source, node_path__WEBPACK_IMPORTED_MODULE_2___default().join(to, entry.name), `${shown}/${entry.name}`);
        else if (entry.isFile())
            await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.copyFile(source, node_path__WEBPACK_IMPORTED_MODULE_2___default().join(to, entry.name));
        else
            throw new EntryError(`${shown}/${entry.name} is a symbolic link or special file, which an entry does not carry`);
    }
}
/** Every file (digest, size) and folder under `root`, entry-relative; a link or special file is an EntryError. */
async function inventory(root, skip = () => false) {
    const files = {};
    const folders = [];
    const walk = async (relative) => {
        const entries = await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.readdir(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(root, relative), { withFileTypes: true });
        for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
            const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
            if (skip(child))
                continue;
            if (entry.isDirectory()) {
                folders.push(child);
                await walk(child);
            }
            else if (entry.isFile()) {
                files[child] = await digestFile(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(root, child));
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
        const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
        let size = 0;
        node_fs__WEBPACK_IMPORTED_MODULE_1___default().createReadStream(absolute, { highWaterMark: 1024 * 1024 })
            .on('data', (chunk) => {
            size += chunk.length;
            hash.update(chunk);
        })
            .on('end', () => resolve({ sha256: hash.digest('hex'), size }))
            .on('error', reject);
    });
}


/***/ }),

/***/ 5307:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DT: () => (/* binding */ describeChanges),
/* harmony export */   GC: () => (/* binding */ keyComponents),
/* harmony export */   TN: () => (/* binding */ keyOf),
/* harmony export */   W9: () => (/* binding */ CACHE_FORMAT_VERSION)
/* harmony export */ });
/* unused harmony exports withoutCheckout, canonicalJson */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);


/**
 * The cache entry format. Bump it when the key's recipe or the entry's layout changes: every older entry then
 * misses (it is never read in a shape it was not written in).
 */
const CACHE_FORMAT_VERSION = 1;
/** The key: sha256 (hex) of the components' canonical JSON. */
function keyOf(components) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(canonicalJson(components)).digest('hex');
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
            cwd: node_path__WEBPACK_IMPORTED_MODULE_1___default().relative(context.workingDirectory, job.cwd).split((node_path__WEBPACK_IMPORTED_MODULE_1___default().sep)).join('/') || '.',
            output_dir: job.outputDir,
        },
    };
}
/** `text` with every occurrence of the checkout's absolute path replaced: two clones of one commit share keys. */
function withoutCheckout(text, workingDirectory) {
    const root = node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(workingDirectory);
    if (root === node_path__WEBPACK_IMPORTED_MODULE_1___default().parse(root).root || !text.includes(root))
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


/***/ }),

/***/ 3009:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DEFAULT_CACHE_SIZE_LIMIT: () => (/* binding */ DEFAULT_CACHE_SIZE_LIMIT),
/* harmony export */   LocalCacheStore: () => (/* binding */ LocalCacheStore),
/* harmony export */   defaultCacheDir: () => (/* binding */ defaultCacheDir)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _entry_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8962);





/** 10 GiB. */
const DEFAULT_CACHE_SIZE_LIMIT = 10 * 1024 ** 3;
/**
 * The user's cache folder for the orchestrator: `$XDG_CACHE_HOME/training-orchestrator` or
 * `~/.cache/training-orchestrator` on Linux, `~/Library/Caches/training-orchestrator` on macOS,
 * `%LOCALAPPDATA%\training-orchestrator\cache` on Windows.
 */
function defaultCacheDir(env = process.env, platform = process.platform, home = node_os__WEBPACK_IMPORTED_MODULE_2___default().homedir()) {
    if (platform === 'darwin')
        return node_path__WEBPACK_IMPORTED_MODULE_3___default().join(home, 'Library', 'Caches', 'training-orchestrator');
    if (platform === 'win32')
        return node_path__WEBPACK_IMPORTED_MODULE_3___default().join(env.LOCALAPPDATA || node_path__WEBPACK_IMPORTED_MODULE_3___default().join(home, 'AppData', 'Local'), 'training-orchestrator', 'cache');
    const xdg = env.XDG_CACHE_HOME;
    return node_path__WEBPACK_IMPORTED_MODULE_3___default().join(xdg && node_path__WEBPACK_IMPORTED_MODULE_3___default().isAbsolute(xdg) ? xdg : node_path__WEBPACK_IMPORTED_MODULE_3___default().join(home, '.cache'), 'training-orchestrator');
}
/**
 * Job entries in a local folder: `entries/<key>/` (each appears whole, by rename from `tmp/`), `index.json` (sizes
 * and the LRU clock; rewritten by rename, so a reader never sees half of it). Two runs sharing the folder never
 * corrupt it: an entry is complete or absent, and an index update lost to a concurrent writer is rebuilt from
 * `entries/` on the next read. Over `sizeLimit` bytes, the least recently used entries are removed after a save.
 */
class LocalCacheStore {
    root;
    sizeLimit;
    now;
    description;
    constructor(root, sizeLimit = DEFAULT_CACHE_SIZE_LIMIT, now = Date.now) {
        this.root = root;
        this.sizeLimit = sizeLimit;
        this.now = now;
        this.description = `local ${root}`;
    }
    get entriesDir() {
        return node_path__WEBPACK_IMPORTED_MODULE_3___default().join(this.root, 'entries');
    }
    entryDir(key) {
        if (!/^[0-9a-f]{16,128}$/.test(key))
            throw new Error(`Invalid cache key '${key}'.`);
        return node_path__WEBPACK_IMPORTED_MODULE_3___default().join(this.entriesDir, key);
    }
    async has(key) {
        return node_fs__WEBPACK_IMPORTED_MODULE_1___default().existsSync(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(this.entryDir(key), _entry_js__WEBPACK_IMPORTED_MODULE_4__/* .MANIFEST_FILE */ .h1));
    }
    async restore(key, destination) {
        const source = this.entryDir(key);
        if (!node_fs__WEBPACK_IMPORTED_MODULE_1___default().existsSync(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(source, _entry_js__WEBPACK_IMPORTED_MODULE_4__/* .MANIFEST_FILE */ .h1)))
            return false;
        try {
            await copyFolder(source, destination);
        }
        catch (error) {
            // Evicted by another run while copying: a miss, not a fault.
            if (error.code === 'ENOENT' && !node_fs__WEBPACK_IMPORTED_MODULE_1___default().existsSync(source))
                return false;
            throw error;
        }
        await this.updateIndex((index) => {
            const info = index.entries[key];
            if (info)
                info.last_used = this.now();
        });
        return true;
    }
    async save(key, source, options = {}) {
        const manifest = JSON.parse(await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.readFile(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(source, _entry_js__WEBPACK_IMPORTED_MODULE_4__/* .MANIFEST_FILE */ .h1), 'utf8'));
        const target = this.entryDir(key);
        const tmp = await this.tempDir();
        // A forced job's entry replaces the one held: the old one is renamed aside first, so a reader sees the
        // old entry, no entry (a miss), or the new one, never a mix.
        const aside = options.replace ? await this.tempDir() : undefined;
        try {
            await copyFolder(source, tmp);
            await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.mkdir(this.entriesDir, { recursive: true });
            if (aside)
                await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.rename(target, node_path__WEBPACK_IMPORTED_MODULE_3___default().join(aside, 'old')).catch(() => undefined);
            try {
                await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.rename(tmp, target);
            }
            catch (error) {
                const code = error.code;
                // Another run stored the same key first: same inputs, same entry; keep theirs.
                if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM')
                    throw error;
            }
        }
        finally {
            await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.rm(tmp, { recursive: true, force: true });
            if (aside)
                await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.rm(aside, { recursive: true, force: true });
        }
        const size = await folderSize(target);
        await this.updateIndex((index) => {
            index.entries[key] = {
                key,
                job_id: manifest.job_id,
                size,
                created_at: manifest.created_at,
                last_used: this.now(),
            };
        });
        await this.evict(key);
    }
    async newestComponents(jobId) {
        const newest = (await this.list())
            .filter((entry) => entry.job_id === jobId)
            .sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0))[0];
        if (!newest)
            return null;
        try {
            const manifest = JSON.parse(await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.readFile(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(this.entryDir(newest.key), _entry_js__WEBPACK_IMPORTED_MODULE_4__/* .MANIFEST_FILE */ .h1), 'utf8'));
            return manifest.components ?? null;
        }
        catch {
            return null;
        }
    }
    /** Every entry, most recently used first. */
    async list() {
        const index = await this.readIndex();
        return Object.values(index.entries).sort((a, b) => b.last_used - a.last_used);
    }
    /** Removes every entry; returns how many there were and their bytes. */
    async clear() {
        const entries = await this.list();
        for (const entry of entries)
            await this.remove(entry.key);
        await this.updateIndex((index) => {
            index.entries = {};
        });
        return { entries: entries.length, bytes: entries.reduce((sum, entry) => sum + entry.size, 0) };
    }
    /** Least recently used first, until the total fits the limit; `keep` (just saved) is never removed. */
    async evict(keep) {
        const index = this.written ?? (await this.readIndex());
        const entries = Object.values(index.entries).sort((a, b) => a.last_used - b.last_used);
        let total = entries.reduce((sum, entry) => sum + entry.size, 0);
        const removed = [];
        for (const entry of entries) {
            if (total <= this.sizeLimit)
                break;
            if (entry.key === keep)
                continue;
            await this.remove(entry.key);
            removed.push(entry.key);
            total -= entry.size;
        }
        if (removed.length > 0)
            await this.updateIndex((index) => {
                for (const key of removed)
                    delete index.entries[key];
            });
    }
    /** Renamed out of `entries/` first (gone at once for readers), then deleted. */
    async remove(key) {
        const doomed = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(await this.tempDir(), 'doomed');
        try {
            await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.rename(this.entryDir(key), doomed);
        }
        catch (error) {
            if (error.code !== 'ENOENT')
                throw error;
        }
        await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.rm(node_path__WEBPACK_IMPORTED_MODULE_3___default().dirname(doomed), { recursive: true, force: true });
    }
    async tempDir() {
        const tmp = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(this.root, 'tmp');
        await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.mkdir(tmp, { recursive: true });
        return node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.mkdtemp(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(tmp, `${process.pid}-`));
    }
    /** The index, reconciled with `entries/`: an entry without index line is added, a line without entry dropped. */
    async readIndex() {
        let index = { version: 1, entries: {} };
        try {
            const parsed = JSON.parse(await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.readFile(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(this.root, 'index.json'), 'utf8'));
            if (parsed?.version === 1 && parsed.entries && typeof parsed.entries === 'object')
                index = parsed;
        }
        catch {
            // Missing or unreadable: rebuilt from the entries below.
        }
        let keys = [];
        try {
            keys = (await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.readdir(this.entriesDir)).filter((name) => /^[0-9a-f]{16,128}$/.test(name));
        }
        catch {
            keys = [];
        }
        const entries = {};
        for (const key of keys) {
            const known = index.entries[key];
            if (known) {
                entries[key] = known;
                continue;
            }
            try {
                const dir = this.entryDir(key);
                const manifest = JSON.parse(await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.readFile(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(dir, _entry_js__WEBPACK_IMPORTED_MODULE_4__/* .MANIFEST_FILE */ .h1), 'utf8'));
                const stat = await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.stat(dir);
                entries[key] = {
                    key,
                    job_id: manifest.job_id,
                    size: await folderSize(dir),
                    created_at: manifest.created_at,
                    last_used: stat.mtimeMs,
                };
            }
            catch {
                // Half-removed by another run: not an entry.
            }
        }
        return { version: 1, entries };
    }
    /** The index as this store last wrote it (eviction reads it instead of the folder). */
    written;
    /** Changes waiting for the next index write. */
    pending = [];
    writing;
    /**
     * Applies `change` to the index. Changes that arrive while a write is under way are applied together by the
     * next one: restoring 200 jobs reads and writes the index a handful of times, not 200.
     */
    async updateIndex(change) {
        this.pending.push(change);
        while (this.pending.includes(change)) {
            if (!this.writing) {
                const batch = this.pending.splice(0);
                this.writing = this.writeIndex(batch).finally(() => {
                    this.writing = undefined;
                });
            }
            await this.writing;
        }
    }
    async writeIndex(changes) {
        const index = await this.readIndex();
        for (const change of changes)
            change(index);
        this.written = index;
        await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.mkdir(this.root, { recursive: true });
        const tmp = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(this.root, `.index.${process.pid}.${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')}.tmp`);
        await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.writeFile(tmp, `${JSON.stringify(index)}\n`);
        await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.rename(tmp, node_path__WEBPACK_IMPORTED_MODULE_3___default().join(this.root, 'index.json'));
    }
}
/**
 * Copies a folder of files and folders (what an entry is; anything else is skipped), with one copyFile per
 * file: fs.cp stats every path several times, which a cached run of hundreds of jobs pays for.
 */
async function copyFolder(from, to) {
    await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.mkdir(to, { recursive: true });
    const entries = await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.readdir(from, { withFileTypes: true });
    await Promise.all(entries.map(async (entry) => {
        const source = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(from, entry.name);
        const target = node_path__WEBPACK_IMPORTED_MODULE_3___default().join(to, entry.name);
        if (entry.isDirectory())
            await copyFolder(source, target);
        else if (entry.isFile())
            await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.copyFile(source, target);
    }));
}
async function folderSize(folder) {
    let total = 0;
    const entries = await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.readdir(folder, { withFileTypes: true, recursive: true });
    for (const entry of entries) {
        if (entry.isFile())
            total += (await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.stat(node_path__WEBPACK_IMPORTED_MODULE_3___default().join(entry.parentPath, entry.name))).size;
    }
    return total;
}


/***/ })

};
