#!/usr/bin/env node
/** The package's `cloudtrail-elements-emulator` command (see cli.ts for its options). */
import { main } from './cli.js';

await main();
