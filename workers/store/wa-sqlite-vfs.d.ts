// Types for the wa-sqlite example VFS classes the package ships without declarations.
declare module '@journeyapps/wa-sqlite/src/examples/OPFSCoopSyncVFS.js' {
  import * as VFS from '@journeyapps/wa-sqlite/src/VFS.js';
  export class OPFSCoopSyncVFS extends VFS.Base {
    static create(name: string, module: object): Promise<OPFSCoopSyncVFS>;
    lastError: unknown;
  }
}

declare module '@journeyapps/wa-sqlite/src/examples/AccessHandlePoolVFS.js' {
  import * as VFS from '@journeyapps/wa-sqlite/src/VFS.js';
  export class AccessHandlePoolVFS extends VFS.Base {
    static create(name: string, module: object): Promise<AccessHandlePoolVFS>;
  }
}
