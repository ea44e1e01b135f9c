/**
 * The sender's identity before the first item: details collected once, messages held until
 * then and accepted in order; a registered collaborator recognised by phone or invitation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptHeld, countHeld, holdInbound } from "../../core/intake/hold.ts";
import {
  claimByPhone,
  createInvite,
  isFullName,
  loadProfile,
  missingDetails,
  redeemInvite,
  saveDetails,
} from "../../core/people/registration.ts";
import { person, startSpine, type Spine } from "../support/spine.ts";
import { waitFor } from "../support/wait.ts";

let spine: Spine;
beforeAll(async () => {
  spine = await startSpine();
});
afterAll(async () => spine?.close());

const hold = (externalId: string, sender: string, text: string, displayName = "Hoa") =>
  holdInbound(spine.core, {
    channel: "telegram",
    externalId,
    sender: { externalId: sender, displayName, chatId: sender },
    text,
  });
const via = { via: "telegram" };

describe("details required", () => {
  it("asks a citizen for a full name and a contact; a collaborator also for workplace and title", () => {
    const base = {
      personId: "p",
      fullName: "Hoa",
      workplace: null,
      title: null,
      phone: null,
      email: null,
      address: null,
      collaborator: false,
      registered: false,
    };
    expect(missingDetails(base)).toEqual(["fullName", "contact"]);
    expect(missingDetails({ ...base, fullName: "Trần Thị Hoa", phone: "0912345678" })).toEqual([]);
    expect(missingDetails({ ...base, fullName: "Trần Thị Hoa", address: "Thôn Đông", collaborator: true })).toEqual([
      "workplace",
      "title",
    ]);
    expect(isFullName("Nguyễn Văn An")).toBe(true);
    expect(isFullName("An")).toBe(false);
    expect(isFullName("🌸🌸 Na")).toBe(false);
  });
});

describe("holding and accepting", () => {
  it("keeps messages until the details are complete, then accepts each once, in order", async () => {
    const a = await hold("h-1", "5001", "Cho em hỏi làm giấy khai sinh cần gì ạ?");
    await hold("h-2", "5001", "Em ở thôn Đông ạ.");
    expect((await hold("h-1", "5001", "Cho em hỏi làm giấy khai sinh cần gì ạ?")).duplicate).toBe(true);
    expect(await countHeld(spine.core, "telegram", "5001")).toBe(2);
    expect(await spine.db.submission.count({ where: { senderId: a.personId } })).toBe(0);

    const profile = await saveDetails(
      spine.db,
      a.personId,
      { fullName: "  Trần   Thị Hoa ", phone: "+84 912 345 678" },
      via,
    );
    expect(profile).toMatchObject({ fullName: "Trần Thị Hoa", phone: "0912345678" });
    expect(missingDetails(profile)).toEqual([]);

    const [first, second, ...rest] = await Promise.all([
      acceptHeld(spine.core, "telegram", "5001"),
      acceptHeld(spine.core, "telegram", "5001"),
    ]).then((r) => r.flat());
    expect(rest).toEqual([]);
    expect(new Set([first!.submissionId, second!.submissionId]).size).toBe(2);
    const subs = await spine.db.submission.findMany({
      where: { senderId: a.personId },
      orderBy: { trackingNumber: "asc" },
    });
    expect(subs.map((s) => s.text)).toEqual(["Cho em hỏi làm giấy khai sinh cần gì ạ?", "Em ở thôn Đông ạ."]);
    expect(await countHeld(spine.core, "telegram", "5001")).toBe(0);
    await waitFor(
      () =>
        spine.sent.filter((m) => m.type === "text" && m.to.address === "5001" && /TB-\d{4}/.test(m.text)).length ===
          2 || null,
      { what: "two acknowledgements" },
    );
    await waitFor(
      async () =>
        (await spine.db.submission.count({ where: { senderId: a.personId, status: "received" } })) === 0 || null,
      { what: "both classified" },
    );
  });
});

describe("registered collaborators", () => {
  it("recognises a collaborator by the phone number they share", async () => {
    const registered = await person(spine.db, "Phạm Văn Bình", null, [{ role: "collaborator", unit: "Thôn Tây" }], {
      phone: "0987654321",
    });
    const held = await hold("h-3", "5002", "Tin: thôn Tây ra quân dọn vệ sinh.", "Bình");
    const claim = await claimByPhone(spine.db, { channel: "telegram", externalId: "5002" }, "+84987654321", via);
    expect(claim).toEqual({ personId: registered, matched: true });
    const profile = await loadProfile(spine.db, registered);
    expect(profile).toMatchObject({ collaborator: true, registered: true });
    expect(missingDetails(profile)).toEqual(["workplace", "title"]);
    await saveDetails(spine.db, registered, { workplace: "Chi hội Nông dân thôn Tây", title: "Chi hội trưởng" }, via);
    const [accepted] = await acceptHeld(spine.core, "telegram", "5002");
    const sub = await spine.db.submission.findUniqueOrThrow({ where: { id: accepted!.submissionId } });
    expect(sub.senderId).toBe(registered);
    expect(sub.senderId).not.toBe(held.personId);
  });

  it("keeps an unknown number on the sender's own record", async () => {
    const held = await hold("h-4", "5003", "Hỏi về đất đai.");
    expect(await claimByPhone(spine.db, { channel: "telegram", externalId: "5003" }, "0911222333", via)).toEqual({
      personId: held.personId,
      matched: false,
    });
    expect((await loadProfile(spine.db, held.personId)).phone).toBe("0911222333");
    await expect(claimByPhone(spine.db, { channel: "telegram", externalId: "5003" }, "12345", via)).rejects.toThrow(
      /phone/,
    );
  });

  it("links by invitation once; a used, expired or unknown code is refused", async () => {
    const registered = await person(spine.db, "Đỗ Thị Lan", null, [{ role: "collaborator", unit: "Trường tiểu học" }]);
    const { code } = await createInvite(spine.db, registered, 7, { via: "cli" });
    await hold("h-5", "5004", "Xin chào");
    await hold("h-6", "5005", "Xin chào");
    const ok = await redeemInvite(spine.db, code, { channel: "telegram", externalId: "5004" }, via);
    expect(ok).toEqual({ ok: true, personId: registered, fullName: "Đỗ Thị Lan" });
    expect(await redeemInvite(spine.db, code, { channel: "telegram", externalId: "5004" }, via)).toMatchObject({
      ok: true,
    });
    expect(await redeemInvite(spine.db, code, { channel: "telegram", externalId: "5005" }, via)).toEqual({
      ok: false,
      reason: "used",
    });
    expect(await redeemInvite(spine.db, "nope", { channel: "telegram", externalId: "5005" }, via)).toEqual({
      ok: false,
      reason: "unknown",
    });
    const other = await person(spine.db, "Vũ Văn Tâm", null, [{ role: "collaborator" }]);
    const late = await createInvite(spine.db, other, 1, { via: "cli" });
    const tomorrowAndABit = new Date(Date.now() + 2 * 86_400_000);
    expect(
      await redeemInvite(spine.db, late.code, { channel: "telegram", externalId: "5005" }, via, tomorrowAndABit),
    ).toEqual({
      ok: false,
      reason: "expired",
    });
  });
});
