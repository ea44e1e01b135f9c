#!/usr/bin/env node
// The operator's command-line tool. Runs the TypeScript sources through tsx's loader on the
// Node that runs this file (npx puts the project's pinned Node 24 first on PATH).
import { register } from "tsx/esm/api";

register();
await import("./cli/main.ts");
