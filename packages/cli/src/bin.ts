#!/usr/bin/env node
import { processDeps } from './core/deps.js';
import { runCli } from './program.js';

process.exitCode = await runCli(process.argv, await processDeps());
