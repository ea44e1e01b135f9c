/**
 * The HTTP server: liveness, readiness and, when given its dependencies, the public site
 * (web/site). The channels' webhooks are registered on it by their own modules.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Logger } from "../core/logger.ts";
import { site, type SiteDeps } from "./site/index.ts";

export interface ReadinessCheck {
  name: string;
  check: () => Promise<boolean>;
}

export function createServer(deps: {
  log: Logger;
  readiness: readonly ReadinessCheck[];
  /** The public site; without it the server answers only health, readiness and what others register. */
  site?: SiteDeps;
}): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.log.child({ mod: "web" }) as FastifyBaseLogger,
    trustProxy: true,
    bodyLimit: 1_048_576,
  });

  /** The process is up and serving. */
  app.get("/healthz", async () => ({ status: "ok" }));

  /** Ready for work: the database answers, Redis answers, and workers consume jobs. */
  app.get("/readyz", async (_req, reply) => {
    const results = await Promise.all(
      deps.readiness.map(async (c) => {
        const ok = await withTimeout(c.check(), 2_000).catch(() => false);
        return [c.name, ok ? "ok" : "failing"] as const;
      }),
    );
    const checks = Object.fromEntries(results);
    const ready = results.every(([, s]) => s === "ok");
    return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "not ready", checks });
  });

  // Page views are not logged one by one (the reverse proxy's access log has them, and two log
  // lines per view would cost a third of the throughput); refusals and errors are.
  if (deps.site) void app.register(site, { ...deps.site, logLevel: "warn" });

  return app;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error("timeout")), ms))),
  ]);
}
