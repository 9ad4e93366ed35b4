/**
 * The few `Reflect` metadata functions that @peculiar/x509's dependency injection (tsyringe)
 * requires before it loads. The library's README asks for the `reflect-metadata` package; this
 * is the subset it actually calls (metadata, defineMetadata, getMetadata, getOwnMetadata,
 * hasMetadata), kept local instead of adding a dependency. Import it before @peculiar/x509.
 */
type Target = object;
type Key = string | symbol | undefined;

const store = new WeakMap<Target, Map<Key, Map<unknown, unknown>>>();

function table(target: Target, property: Key, create: boolean): Map<unknown, unknown> | undefined {
  let byProperty = store.get(target);
  if (byProperty === undefined) {
    if (!create) return undefined;
    byProperty = new Map();
    store.set(target, byProperty);
  }
  let entries = byProperty.get(property);
  if (entries === undefined && create) {
    entries = new Map();
    byProperty.set(property, entries);
  }
  return entries;
}

function getOwnMetadata(key: unknown, target: Target, property?: Key): unknown {
  return table(target, property, false)?.get(key);
}

function getMetadata(key: unknown, target: Target, property?: Key): unknown {
  // Metadata is inherited along the prototype chain, as reflect-metadata does it.
  for (
    let current: Target | null = target;
    current !== null;
    current = Object.getPrototypeOf(current) as Target | null
  ) {
    const entries = table(current, property, false);
    if (entries?.has(key) === true) return entries.get(key);
  }
  return undefined;
}

function defineMetadata(key: unknown, value: unknown, target: Target, property?: Key): void {
  table(target, property, true)?.set(key, value);
}

const polyfill = {
  getOwnMetadata,
  getMetadata,
  defineMetadata,
  hasMetadata: (key: unknown, target: Target, property?: Key) =>
    getMetadata(key, target, property) !== undefined,
  metadata:
    (key: unknown, value: unknown) =>
    (target: Target, property?: Key): void =>
      defineMetadata(key, value, target, property),
};

const reflect = Reflect as unknown as Record<string, unknown>;
for (const [name, fn] of Object.entries(polyfill)) {
  if (typeof reflect[name] !== 'function') reflect[name] = fn;
}
