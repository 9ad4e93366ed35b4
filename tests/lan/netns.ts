/**
 * A throwaway LAN made of Linux network namespaces: one "hub" namespace holding a bridge, and one
 * namespace per node joined to it by a veth pair, with an address in 10.213.<subnet>.0/24 and a
 * multicast route so mDNS works across the bridge. Nothing touches the host's own interfaces
 * beyond the short-lived veth names that are moved away at once. Needs root.
 */
import { execFile, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LanNode {
  /** Namespace name. */
  readonly ns: string;
  /** The node's address on the bridge. */
  readonly address: string;
}

export interface TestLan {
  readonly nodes: readonly LanNode[];
  /** The /24 the nodes live in, e.g. `10.213.42.` (addresses tests may talk to). */
  readonly prefix: string;
  /** Deletes every namespace (and with them their interfaces and sockets). */
  destroy(): Promise<void>;
}

/** True when this process may create namespaces (root). */
export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

async function ip(...args: string[]): Promise<void> {
  await run('ip', args);
}

/** Runs `command` inside namespace `ns`. */
export function spawnIn(
  ns: string,
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): ChildProcess {
  return spawn('ip', ['netns', 'exec', ns, command, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
  });
}

/** Runs a command inside `ns` to completion and returns its stdout. */
export async function execIn(
  ns: string,
  command: string,
  args: readonly string[],
  timeoutMs = 10_000,
): Promise<string> {
  const { stdout } = await run('ip', ['netns', 'exec', ns, command, ...args], {
    timeout: timeoutMs,
  });
  return stdout;
}

/** Fetches `url` from inside `ns` (the test process itself lives outside every namespace). */
export async function fetchIn(ns: string, url: string): Promise<string> {
  const script =
    'fetch(process.argv[1]).then((r) => r.text()).then((t) => process.stdout.write(t))';
  return execIn(ns, process.execPath, ['-e', script, url]);
}

/**
 * Creates a bridge and `count` nodes. Names carry the pid and a random tag, so parallel or
 * leftover runs never collide; `destroy` removes them, and is safe to call after a partial setup.
 */
export async function createLan(count: number): Promise<TestLan> {
  const tag = `k${(process.pid % 1000).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const subnet = 100 + Math.floor(Math.random() * 150);
  const prefix = `10.213.${subnet}.`;
  const hub = `${tag}-hub`;
  const created: string[] = [];
  const destroy = async (): Promise<void> => {
    for (const ns of created.reverse()) {
      // Processes left inside (a hung browser) would keep nothing alive, but kill them anyway.
      const pids = await run('ip', ['netns', 'pids', ns]).then(
        (r) => r.stdout.split(/\s+/).filter(Boolean),
        () => [],
      );
      for (const pid of pids) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await ip('netns', 'del', ns).catch(() => undefined);
    }
  };
  try {
    await ip('netns', 'add', hub);
    created.push(hub);
    await ip('-n', hub, 'link', 'add', 'br0', 'type', 'bridge');
    // Snooping without a querier can starve multicast groups; mDNS must always flood.
    await ip('-n', hub, 'link', 'set', 'br0', 'type', 'bridge', 'mcast_snooping', '0');
    await ip('-n', hub, 'link', 'set', 'br0', 'up');
    const nodes: LanNode[] = [];
    for (let i = 1; i <= count; i++) {
      const ns = `${tag}-n${i}`;
      await ip('netns', 'add', ns);
      created.push(ns);
      const inner = `${tag}a${i}`;
      const outer = `${tag}b${i}`;
      await ip('link', 'add', inner, 'type', 'veth', 'peer', 'name', outer);
      await ip('link', 'set', inner, 'netns', ns);
      await ip('link', 'set', outer, 'netns', hub);
      await ip('-n', hub, 'link', 'set', outer, 'master', 'br0', 'up');
      // IPv4 only: no link-local IPv6 candidates or duplicate-address waits to reason about.
      await execIn(ns, 'sysctl', ['-qw', 'net.ipv6.conf.all.disable_ipv6=1']);
      await ip('-n', ns, 'link', 'set', inner, 'name', 'eth0');
      const address = `${prefix}${i}`;
      await ip('-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'eth0');
      await ip('-n', ns, 'link', 'set', 'eth0', 'up');
      await ip('-n', ns, 'link', 'set', 'lo', 'up');
      await ip('-n', ns, 'route', 'add', '224.0.0.0/4', 'dev', 'eth0');
      nodes.push({ ns, address });
    }
    return { nodes, prefix, destroy };
  } catch (error) {
    await destroy();
    throw error;
  }
}

/**
 * Requests `url` from inside `ns` without following redirects; `caFile` is trusted in addition
 * to the system CAs. Returns the status and the Location header.
 */
export async function probeIn(
  ns: string,
  url: string,
  caFile?: string,
): Promise<{ status: number; location: string | null }> {
  const script =
    "fetch(process.argv[1], { redirect: 'manual' }).then((r) => process.stdout.write(JSON.stringify({ status: r.status, location: r.headers.get('location') })))";
  const env = caFile === undefined ? process.env : { ...process.env, NODE_EXTRA_CA_CERTS: caFile };
  const { stdout } = await run('ip', ['netns', 'exec', ns, process.execPath, '-e', script, url], {
    env,
    timeout: 10_000,
  });
  return JSON.parse(stdout) as { status: number; location: string | null };
}
