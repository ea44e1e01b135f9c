/**
 * Correcting a published item (đính chính) with `bantin correct`: the new text replaces the old,
 * the note is kept as a correction the site shows, the old text stays in the audit log; an
 * unpublished item cannot be corrected.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { receiveInbound } from "../../core/intake/receive.ts";
import { decide } from "../../core/review/decide.ts";
import { cli, testEnv } from "../cli/fixture.ts";
import { person, startSpine, type Spine } from "../support/spine.ts";
import { waitFor } from "../support/wait.ts";

let spine: Spine;
let secretary: string;
let dir: string;

beforeAll(async () => {
  spine = await startSpine();
  secretary = await person(spine.db, "Lê Thị Thư", { channel: "telegram", externalId: "6001" }, [
    { role: "secretariat" },
  ]);
  dir = await mkdtemp(join(tmpdir(), "bantin-correct-"));
});
afterAll(async () => {
  await spine?.close();
  await rm(dir, { recursive: true, force: true });
});

async function published(externalId: string, text: string) {
  const r = await receiveInbound(spine.core, {
    channel: "telegram",
    externalId,
    sender: { externalId: "6100", displayName: "Ngô Văn Cộng" },
    text,
  });
  const card = await waitFor(
    () => spine.sent.find((m) => m.type === "card" && m.card.trackingCode === r.trackingCode),
    { what: "card" },
  );
  if (card.type !== "card") throw new Error("not a card");
  await decide(spine.core, {
    target: { token: card.card.token },
    deciderId: secretary,
    channel: "telegram",
    action: "approve",
  });
  await waitFor(() => spine.db.publication.findUnique({ where: { submissionId: r.submissionId } }), {
    what: "publication",
  });
  return r;
}

it("replaces the body, keeps the note as a correction and the old text in the audit log", async () => {
  const r = await published("corr-1", "Sáng 7 giờ ngày 20/11, xã tổ chức lễ mít tinh kỷ niệm Ngày Nhà giáo Việt Nam.");
  const env = testEnv(spine.databaseUrl);
  const bodyFile = join(dir, "tin.txt");
  await writeFile(bodyFile, "Sáng 8 giờ ngày 20/11, xã tổ chức lễ mít tinh kỷ niệm Ngày Nhà giáo Việt Nam.\n");
  const note = "Sửa giờ tổ chức: 8 giờ, không phải 7 giờ";
  const res = await cli(env, ["correct", r.trackingCode, "--note", note, "--body-file", bodyFile]);
  expect(res).toMatchObject({ code: 0, err: "" });
  expect(res.out).toMatch(new RegExp(`^${r.trackingCode} \\(.+\\) corrected at `));

  const p = await spine.db.publication.findUniqueOrThrow({ where: { submissionId: r.submissionId } });
  expect(p.body).toBe("Sáng 8 giờ ngày 20/11, xã tổ chức lễ mít tinh kỷ niệm Ngày Nhà giáo Việt Nam.");
  expect(p.corrections).toEqual([{ at: expect.any(String), text: note }]);
  const event = await spine.db.auditEvent.findFirstOrThrow({
    where: { submissionId: r.submissionId, action: "publication.corrected" },
  });
  expect(event.data).toMatchObject({ note, before: { body: expect.stringContaining("7 giờ") } });

  // A second correction is added after the first.
  expect((await cli(env, ["correct", r.trackingCode, "--note", "Sửa tiêu đề", "--title", "Mít tinh 20/11"])).code).toBe(
    0,
  );
  const again = await spine.db.publication.findUniqueOrThrow({ where: { submissionId: r.submissionId } });
  expect(again.title).toBe("Mít tinh 20/11");
  expect((again.corrections as Array<{ text: string }>).map((c) => c.text)).toEqual([note, "Sửa tiêu đề"]);
});

it("refuses without a note, and for an unpublished item", async () => {
  const r = await published("corr-2", "Chiều 21/11, Hội Nông dân xã tập huấn kỹ thuật trồng lúa cho 60 hội viên.");
  const env = testEnv(spine.databaseUrl);
  expect((await cli(env, ["correct", r.trackingCode, "--title", "x"])).code).toBe(2);
  expect((await cli(env, ["unpublish", r.trackingCode, "--reason", "Trùng tin"])).code).toBe(0);
  const refused = await cli(env, ["correct", r.trackingCode, "--note", "Sửa", "--title", "x"]);
  expect(refused).toMatchObject({ code: 1, err: `bantin: ${r.trackingCode} is unpublished\n` });
});
