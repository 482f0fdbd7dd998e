/** Public API of the LookupEvents + Cognito Identity emulator. */
export { createEmulator, type Emulator } from './handler.js';
export { startEmulatorServer, type EmulatorServer, type EmulatorServerOptions } from './server.js';
export { parseDataArgs } from './cli-args.js';
export { STATIC_CREDENTIALS, type Instance } from './instance.js';
export { generateRecords, type GenerateOptions } from './generator.js';
export { buildEvents, readRecords, parseRecords, type StoredEvent } from './dataset.js';
export { deriveEvent } from './derive.js';
export { verifySigV4, signRequest } from './sigv4.js';
export type {
  AccountOptions,
  EmulatorOptions,
  FaultConfig,
  IdentityPoolConfig,
  InstanceDescription,
  InstanceOptions,
  LookupParams,
  RequestLogEntry,
  RoleOptions,
  WireEvent,
} from './types.js';
export { cloudtrailEmulator, type EmulatorPlugin, type EmulatorPluginServer } from './vite.js';
