/**
 * With several web processes, the form's rate limit is counted in Redis, so an address gets the
 * same allowance whichever process answers; when Redis cannot be reached the request goes through
 * (the form's other defences still hold) instead of failing.
 */
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createLogger } from "../../core/logger.ts";
import { createProducerConnection } from "../../queue/connections.ts";
import { createServer } from "../../web/server.ts";
import { REDIS_URL } from "../support/spine.ts";
import { waitFor } from "../support/wait.ts";
import { startSite, type TestSite } from "./site.ts";

const log = createLogger({ level: "silent" });
let redis: Redis;
let deadRedis: Redis;
let site: TestSite;
const servers: FastifyInstance[] = [];

async function another(deps: TestSite["siteDeps"]): Promise<string> {
  const server = createServer({ log, readiness: [], site: deps });
  servers.push(server);
  await server.listen({ host: "127.0.0.1", port: 0 });
  return `http://127.0.0.1:${(server.server.address() as { port: number }).port}`;
}

const post = (base: string) =>
  fetch(`${base}/gui-cau-hoi`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "name=x",
  }).then((r) => r.status);

beforeAll(async () => {
  redis = createProducerConnection(REDIS_URL, log);
  await waitFor(() => redis.status === "ready", { what: "redis ready" });
  site = await startSite({ formRateLimit: { max: 4, timeWindowMs: 60_000 }, rateLimitRedis: redis });
});

afterAll(async () => {
  for (const s of servers) await s.close();
  await site?.close();
  redis?.disconnect();
  deadRedis?.disconnect();
});

it("counts an address once across web processes", async () => {
  const other = await another(site.siteDeps);
  const statuses = [];
  for (const base of [site.url, other, site.url, other, site.url, other]) statuses.push(await post(base));
  expect(statuses.slice(0, 4)).not.toContain(429);
  expect(statuses.slice(4)).toEqual([429, 429]);
});

it("lets requests through when the counters cannot be reached", async () => {
  deadRedis = createProducerConnection("redis://127.0.0.1:1", log);
  const alone = await another({ ...site.siteDeps, rateLimitStore: { redis: deadRedis, prefix: "dead" } });
  const statuses = [];
  for (let i = 0; i < 6; i++) statuses.push(await post(alone));
  expect(statuses.every((s) => s === 403)).toBe(true); // refused for its missing CSRF token, not limited
});
