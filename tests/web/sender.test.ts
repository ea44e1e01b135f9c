import { describeChannelSender } from "../conformance/channel-sender.ts";
import { createWebSender } from "../../web/site/sender.ts";

describeChannelSender("web sender (status page)", async () => ({
  sender: createWebSender(),
  reachable: { personId: null, address: "0912345678", name: "Hoa" },
  refused: { personId: null, address: "<not a contact>" },
}));
