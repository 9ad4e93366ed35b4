/**
 * Wire formats shared by the browser and the companion. Every frame from the network is parsed
 * by one of the `parse*` functions here before anything acts on it.
 */
export * from './check.ts';
export * from './directory.ts';
export * from './link.ts';
export * from './peerjs.ts';
export * from './rendezvous.ts';
export * from './base64url.ts';
export * from './frames.ts';
export * from './mesh.ts';
export * from './invite.ts';
export * from './lan-info.ts';
