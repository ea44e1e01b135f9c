/**
 * The site's Vietnamese message catalogue: every text a reader sees, in one place, NFC.
 * Texts that name something take it as a parameter; pages escape whatever they interpolate.
 */
import { KIND_LABELS, STATUS_LABELS } from "../../core/messages/vi.ts";

const nfc = <T>(o: T): T => {
  if (typeof o === "string") return o.normalize("NFC") as T;
  if (typeof o === "function") return ((...a: unknown[]) => nfc((o as (...a: unknown[]) => unknown)(...a))) as T;
  if (o && typeof o === "object") return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, nfc(v)])) as T;
  return o;
};

export { KIND_LABELS, STATUS_LABELS };

export const t = nfc({
  siteTitle: (commune: string) => `Trang thông tin ${commune}`,
  skipToContent: "Bỏ qua, đến nội dung chính",
  nav: {
    label: "Điều hướng chính",
    home: "Trang chủ",
    news: "Tin tức",
    questions: "Hỏi đáp",
    ask: "Gửi câu hỏi",
    status: "Tra cứu hồ sơ",
    search: "Tìm kiếm",
  },
  searchBox: { label: "Tìm trong trang", placeholder: "Ví dụ: giấy khai sinh", button: "Tìm" },
  home: {
    description: (commune: string) =>
      `Tin tức, thông báo và giải đáp câu hỏi của người dân từ ${commune}. Gửi câu hỏi, tra cứu hồ sơ trực tuyến.`,
    latestNews: "Tin mới",
    latestAnswers: "Câu hỏi đã được trả lời",
    fields: "Lĩnh vực",
    allNews: "Xem tất cả tin tức",
    allAnswers: "Xem tất cả hỏi đáp",
    askTitle: "Bạn có câu hỏi?",
    askText: "Gửi câu hỏi cho Ủy ban, nhận mã theo dõi và xem câu trả lời ngay trên trang này.",
    askButton: "Gửi câu hỏi",
  },
  list: {
    news: "Tin tức",
    newsDescription: (commune: string) => `Tin tức, sự kiện và thông báo của ${commune}.`,
    questions: "Hỏi đáp",
    questionsDescription: (commune: string) => `Câu hỏi của người dân và câu trả lời chính thức của ${commune}.`,
    field: (name: string) => `Lĩnh vực: ${name}`,
    fieldDescription: (name: string, commune: string) => `Tin tức và hỏi đáp về ${name} của ${commune}.`,
    empty: "Chưa có nội dung nào.",
    page: (n: number) => `Trang ${n}`,
    pagination: "Phân trang",
    previous: "Trang trước",
    next: "Trang sau",
    pageOf: (n: number, total: number) => `Trang ${n} / ${total}`,
    feed: "Theo dõi qua RSS",
    feedAtom: "Atom",
  },
  item: {
    published: "Đăng ngày",
    updated: "Cập nhật",
    field: "Lĩnh vực",
    author: "Tác giả",
    source: "Nguồn",
    asker: "Người hỏi",
    question: "Câu hỏi",
    answer: "Trả lời",
    answeredBy: "Đơn vị trả lời",
    answeredAt: "Ngày trả lời",
    corrections: "Đính chính",
    correctionAt: (when: string) => `Đính chính lúc ${when}`,
    photos: "Hình ảnh",
    documents: "Tài liệu đính kèm",
    photoAlt: (n: number) => `Ảnh đính kèm ${n}`,
    download: (name: string, size: string) => `${name} (${size})`,
    back: "Về trang chủ",
    goneTitle: "Nội dung đã được gỡ",
    goneText: "Nội dung này đã được Ban biên tập gỡ khỏi trang. Xin cảm ơn bạn đã quan tâm.",
  },
  search: {
    title: "Tìm kiếm",
    titleFor: (q: string) => `Kết quả tìm kiếm: ${q}`,
    description: "Tìm tin tức và câu hỏi, gõ có dấu hay không dấu đều được.",
    label: "Từ khóa",
    button: "Tìm",
    hint: "Gõ có dấu hoặc không dấu, ví dụ: giay khai sinh.",
    results: (n: number) => `Tìm thấy ${n} kết quả.`,
    none: "Không tìm thấy kết quả nào. Hãy thử từ khóa khác, ngắn hơn.",
    tooLong: "Từ khóa quá dài, xin rút gọn.",
  },
  form: {
    title: "Gửi câu hỏi",
    description: "Gửi câu hỏi, phản ánh, kiến nghị tới Ủy ban. Bạn nhận mã theo dõi để tra cứu kết quả.",
    intro:
      "Câu hỏi được chuyển tới đơn vị có thẩm quyền. Câu trả lời được đăng trên trang này, không kèm thông tin cá nhân của bạn (chỉ hiện chữ cái đầu của họ tên).",
    name: "Họ và tên",
    contact: "Số điện thoại hoặc thư điện tử",
    contactHint: "Để Ủy ban liên hệ khi cần làm rõ. Không đăng công khai.",
    field: "Lĩnh vực",
    fieldUnknown: "Không rõ / để Ủy ban phân loại",
    question: "Nội dung câu hỏi",
    questionHint: "Xin ghi rõ sự việc, địa điểm, thời gian nếu có.",
    honeypot: "Xin để trống ô này",
    submit: "Gửi câu hỏi",
    required: "(bắt buộc)",
    errorsTitle: "Chưa gửi được, xin kiểm tra lại:",
    errors: {
      name: "Xin nhập họ và tên (tối đa 120 ký tự).",
      contact: "Xin nhập số điện thoại hoặc địa chỉ thư điện tử hợp lệ.",
      question: "Xin nhập nội dung câu hỏi (từ 10 đến 5.000 ký tự).",
      field: "Lĩnh vực không hợp lệ.",
      expired: "Biểu mẫu đã hết hạn. Xin kiểm tra nội dung và bấm Gửi lại.",
      tooFast: "Biểu mẫu được gửi quá nhanh. Xin kiểm tra nội dung và bấm Gửi lại.",
      csrf: "Phiên làm việc đã hết hạn. Xin tải lại trang và gửi lại.",
    },
    rateLimited: "Bạn đã gửi nhiều câu hỏi trong thời gian ngắn. Xin thử lại sau ít phút.",
    rejectedTitle: "Chưa gửi được",
  },
  ack: {
    title: "Đã nhận câu hỏi của bạn",
    text: "Ủy ban đã nhận câu hỏi. Mã theo dõi của bạn là:",
    keep: "Xin ghi lại mã này để tra cứu tình trạng xử lý.",
    statusLink: "Xem tình trạng xử lý",
    duplicate: "Câu hỏi này đã được gửi trước đó; đây là mã theo dõi của nó.",
  },
  status: {
    title: "Tra cứu hồ sơ",
    description: "Nhập mã theo dõi (ví dụ TB-0042) để xem tình trạng xử lý.",
    label: "Mã theo dõi",
    hint: "Ví dụ: TB-0042",
    button: "Tra cứu",
    notFound: (code: string) => `Không tìm thấy hồ sơ có mã ${code}.`,
    invalid: "Mã theo dõi không hợp lệ. Mã có dạng TB-0042.",
    code: "Mã theo dõi",
    state: "Tình trạng",
    received: "Ngày tiếp nhận",
    changed: "Cập nhật lần cuối",
    kind: "Loại",
    published: "Xem nội dung đã đăng",
  },
  notice: { label: "Thông báo" },
  footer: {
    contact: "Liên hệ",
    address: "Địa chỉ",
    hotline: "Đường dây nóng",
    email: "Thư điện tử",
    feeds: "Theo dõi",
  },
  feeds: {
    all: (commune: string) => `Tin tức và hỏi đáp – ${commune}`,
    questions: (commune: string) => `Hỏi đáp – ${commune}`,
    field: (name: string, commune: string) => `${name} – ${commune}`,
  },
  errors: {
    notFoundTitle: "Không tìm thấy trang",
    notFoundText: "Trang bạn tìm không có hoặc đã chuyển đi. Hãy thử tìm kiếm hoặc về trang chủ.",
    serverTitle: "Trang đang gặp sự cố",
    serverText: "Xin lỗi, trang đang gặp sự cố. Xin thử lại sau ít phút.",
    tooManyTitle: "Quá nhiều yêu cầu",
  },
});
