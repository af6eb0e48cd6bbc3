// Reading a parsed `terraform show -json` plan: narrowing helpers, module addresses, and the plan's
// `configuration` (which attributes the user set, and where each module's code comes from). Pure.

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A member of an object, or undefined. */
export function member(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

/**
 * A child of an `after_unknown` / `after_sensitive` mark: `true` covers everything beneath it (a whole
 * block unknown or sensitive), an object or list marks its members one by one.
 */
export function markChild(mark: unknown, key: string | number): unknown {
  if (mark === true) return true;
  if (typeof key === 'number') return Array.isArray(mark) ? mark[key] : undefined;
  return member(mark, key);
}

/**
 * True when the mark says the value, or anything inside it, is marked (unknown or sensitive). Walks with a
 * stack, not recursion: a damaged plan may nest marks thousands of levels deep.
 */
export function markedAnywhere(mark: unknown): boolean {
  const pending: unknown[] = [mark];
  while (pending.length > 0) {
    const next = pending.pop();
    if (next === true) return true;
    if (Array.isArray(next) || isObject(next)) {
      for (const child of Object.values(next)) pending.push(child);
    }
  }
  return false;
}

/**
 * The module call names of a `module_address` (`module.a[0].module.b["x.y"]` -> `['a', 'b']`), read with
 * a small tokenizer: for_each keys are quoted strings that may hold dots, brackets and escaped quotes.
 * Undefined when the text is not a module address.
 */
export function parseModuleAddress(address: string): string[] | undefined {
  const names: string[] = [];
  let i = 0;
  while (i < address.length) {
    if (!address.startsWith('module.', i)) return undefined;
    i += 'module.'.length;
    const name = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(address.slice(i, i + 200))?.[0];
    if (name === undefined) return undefined;
    names.push(name);
    i += name.length;
    if (address[i] === '[') {
      i += 1;
      if (address[i] === '"') {
        i += 1;
        while (i < address.length && address[i] !== '"') i += address[i] === '\\' ? 2 : 1;
        if (address[i] !== '"') return undefined;
        i += 1;
      } else {
        while (i < address.length && /[0-9]/.test(address[i] ?? '')) i += 1;
      }
      if (address[i] !== ']') return undefined;
      i += 1;
    }
    if (i === address.length) break;
    if (address[i] !== '.') return undefined;
    i += 1;
  }
  return names;
}

/** A resource block of the configuration: the arguments the user wrote (`expressions`). */
export interface ConfigResource {
  type: string;
  name: string;
  expressions: JsonObject;
}

/** A module of the configuration: its resource blocks and module calls. */
export interface ConfigModule {
  /** Call names from the root (`[]` for the root module). */
  path: string[];
  /** The `source` of the module call (undefined for the root). */
  source?: string;
  /** Key `TYPE.NAME`, managed resources only. */
  resources: Map<string, ConfigResource>;
  /** Key `TYPE.NAME`: the module's data sources (`data "TYPE" "NAME"` blocks). */
  dataSources: Map<string, ConfigResource>;
  calls: Map<string, ConfigModule>;
}

const MAX_MODULE_DEPTH = 64;

function readModule(value: unknown, path: string[], source: string | undefined, depth: number): ConfigModule {
  const module: ConfigModule = { path, resources: new Map(), dataSources: new Map(), calls: new Map() };
  if (source !== undefined) module.source = source;
  const resources = member(value, 'resources');
  if (Array.isArray(resources)) {
    for (const r of resources) {
      const type = member(r, 'type');
      const name = member(r, 'name');
      const mode = member(r, 'mode');
      if (typeof type !== 'string' || typeof name !== 'string') continue;
      if (mode !== undefined && mode !== 'managed' && mode !== 'data') continue;
      const expressions = member(r, 'expressions');
      (mode === 'data' ? module.dataSources : module.resources).set(`${type}.${name}`, {
        type,
        name,
        expressions: isObject(expressions) ? expressions : {},
      });
    }
  }
  const calls = member(value, 'module_calls');
  if (isObject(calls) && depth < MAX_MODULE_DEPTH) {
    for (const [name, call] of Object.entries(calls)) {
      const callSource = member(call, 'source');
      module.calls.set(
        name,
        readModule(
          member(call, 'module'),
          [...path, name],
          typeof callSource === 'string' ? callSource : undefined,
          depth + 1,
        ),
      );
    }
  }
  return module;
}

/** The plan's `configuration.root_module`, indexed; undefined when the plan has no configuration. */
export function readConfiguration(plan: unknown): ConfigModule | undefined {
  const root = member(member(plan, 'configuration'), 'root_module');
  return isObject(root) ? readModule(root, [], undefined, 0) : undefined;
}

/** The module at a call path, if the configuration has it. */
export function findModule(root: ConfigModule, path: readonly string[]): ConfigModule | undefined {
  let module: ConfigModule | undefined = root;
  for (const name of path) {
    module = module?.calls.get(name);
    if (module === undefined) return undefined;
  }
  return module;
}
