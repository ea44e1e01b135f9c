/**
 * Usage errors end with exit code 2, a one-line message naming the problem and a hint to
 * `bantin help`, before any connection is made (the configuration here points nowhere valid).
 */
import { describe, expect, it } from "vitest";
import { cli } from "./fixture.ts";

// Would fail configuration loading: proves usage errors are caught before the tool reads it.
const env = { DATABASE_URL: "not-a-url", REDIS_URL: "not-a-url" };

describe("bantin usage errors", () => {
  it.each([
    [["frobnicate"], 'unknown command "frobnicate"'],
    [["people"], "people: missing subcommand"],
    [["people", "adopt"], 'people: unknown subcommand "adopt"'],
    [["people", "list", "--colour"], "people list: unknown option --colour"],
    [["people", "list", "--role"], "people list: option --role needs a value"],
    [["people", "list", "--role", "boss"], 'people list: unknown role "boss"'],
    [["people", "add", "--phone", "0912345678"], "people add: missing option --name"],
    [["people", "add", "--name", "An", "--review-channel", "sms"], 'people add: unknown review channel "sms"'],
    [["people", "show"], "people show: missing argument <person>"],
    [["people", "link", "0912345678", "fax:123"], 'people link: unknown channel "fax"'],
    [["people", "link", "0912345678", "123"], 'people link: "123" is not <channel>:<external id>'],
    [["roles", "grant", "0912345678"], "roles grant: missing argument <role>"],
    [["roles", "grant", "0912345678", "chairman"], 'roles grant: unknown role "chairman"'],
    [["roles", "grant", "0912345678", "member"], "roles grant: the member role needs --field <code>"],
    [["roles", "grant", "0912345678", "responder"], "roles grant: the responder role needs --field <code>"],
    [["fields", "add", "an-ninh-2"], "fields add: missing argument <name>"],
    [["fields", "list", "--json=yes"], "fields list: option --json takes no value"],
    [["show", "TB-0042", "TB-0043"], 'show: unexpected argument "TB-0043"'],
    [["show", "hello"], 'show: "hello" is not a tracking code'],
    [["redrive", "--older-than", "10"], "redrive: --older-than must be a duration"],
    [["unpublish", "TB-0042"], "unpublish: missing option --reason"],
    [["classify", "extra"], 'classify: unexpected argument "extra"'],
    [["help", "dance"], 'help: unknown command "dance"'],
  ])("%j", async (argv, message) => {
    const r = await cli(env, argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    const [first, hint, ...more] = r.err.split("\n");
    expect(first).toMatch(/^bantin: /);
    expect(first).toContain(message);
    expect(hint).toBe("Run 'bantin help' for usage.");
    expect(more).toEqual([""]);
  });

  it("prints the usage for help, --help and no arguments", async () => {
    for (const argv of [[], ["help"], ["--help"], ["-h"]]) {
      const r = await cli(env, argv);
      expect(r.code).toBe(0);
      expect(r.out).toContain("Usage: bantin <command>");
      expect(r.out).toContain("bantin roles grant <person> <role>");
      expect(r.err).toBe("");
    }
    const roles = await cli(env, ["roles", "grant", "--help"]);
    expect(roles.code).toBe(0);
    expect(roles.out).toContain("bantin roles grant");
    expect(roles.out).not.toContain("bantin people add");
    expect((await cli(env, ["help", "show"])).out).toContain("bantin show <tracking code>");
  });
});
