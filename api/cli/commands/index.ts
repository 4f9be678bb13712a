/** Every CLI command, in the order `--help` lists them. */
import { registerAlerts, registerCases } from './casework.ts';
import { registerDemo } from './demo.ts';
import { registerDetect } from './detect.ts';
import { registerDossier } from './dossier.ts';
import { registerDoctor } from './doctor.ts';
import { registerIngest } from './ingest.ts';
import { registerIngests } from './ingests.ts';
import { registerKeys } from './keys.ts';
import { registerNeo4j } from './neo4j.ts';
import { registerRings } from './rings.ts';
import { registerSeed } from './seed.ts';
import { registerStart } from './start.ts';
import { registerServe } from './serve.ts';
import { registerTokens } from './tokens.ts';
import type { RegisterCommand } from './types.ts';

export const COMMANDS: RegisterCommand[] = [registerStart, registerDemo, registerSeed, registerIngest, registerIngests, registerDetect, registerRings, registerAlerts, registerCases, registerDossier, registerServe, registerTokens, registerKeys, registerDoctor, registerNeo4j];
