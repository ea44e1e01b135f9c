import { createRecordingSender } from "../../bots/recording/sender.ts";
import { describeChannelSender } from "./channel-sender.ts";

describeChannelSender("recording sender", async () => {
  const sender = createRecordingSender("telegram");
  sender.blocked.add("blocked-chat");
  return {
    sender,
    reachable: { personId: null, address: "12345", name: "Hoa" },
    refused: { personId: null, address: "blocked-chat" },
  };
});
