/**
 * Keyword lexicons of the rule classifier: data only, compiled once by `rules.ts`.
 *
 * Phrases are written as Vietnamese people write them (with diacritics) and are matched on whole
 * words of the accent-free form, so "cho em hoi" matches "cho em hỏi". A phrase that also matches
 * with its diacritics earns a small bonus. A leading "=" marks a phrase whose accent-free form means
 * something else too often ("chợ"→"cho", "đèn"→"đến", "lúa"→"lừa"/"lửa", "thuế"→"thuê"): it is
 * matched only with its diacritics, and the accent-free spelling is covered by longer phrases.
 * When phrases overlap, the longest wins ("bảo hiểm y tế" hides "y tế"; "phòng cháy" hides "cháy").
 *
 * Choice: BHYT (bảo hiểm y tế) goes to `xa-hoi` — issuing and subsidising cards is social policy at
 * the commune — unless the message is about care, where "khám bệnh", "trạm y tế"… tip it to `y-te`.
 */
import type { Kind, SeedFieldCode } from "../domain.ts";

// Phrase lists read better as paragraphs than one phrase per line, hence the prettier-ignore marks.

/** Weight → phrases. */
export type WeightedPhrases = Readonly<Record<number, readonly string[]>>;

// prettier-ignore
export const KIND_LEXICON: Readonly<Record<Kind, WeightedPhrases>> = {
  news: {
    3: ["khai mạc", "ra quân", "đã diễn ra", "khánh thành", "khởi công", "long trọng", "tổng kết", "sơ kết",
      "gửi ban biên tập", "gửi tin bài", "xin gửi bài", "tin bài", "bài viết", "đại hội", "lễ giao nhận quân"],
    2.5: ["hội nghị", "tham dự", "chủ trì", "tập huấn", "tọa đàm", "ngày hội", "hưởng ứng", "phát động", "trao tặng",
      "lễ kỷ niệm", "đồng chí", "tuyên truyền", "ban hành", "đoàn công tác", "bàn giao", "hội thi", "kết quả thu",
      "đồng loạt", "chào mừng", "xin thông báo", "khuyến cáo", "hoàn thành", "diễn tập", "hướng dẫn bà con",
      "hướng dẫn người dân", "vừa tiếp nhận", "họp mặt", "biểu dương", "được trang bị"],
    2: ["tổ chức", "diễn ra", "phát biểu", "trao quà", "tặng quà", "sáng ngày", "chiều ngày", "nhân dịp",
      "kế hoạch số", "quyết định số", "thông báo số", "triển khai", "phối hợp", "thăm và tặng quà", "đã phát hiện",
      "bắt giữ", "lập biên bản", "góp phần", "mô hình", "thu hút", "tham gia", "vừa được", "được thực hiện",
      "phục vụ công tác", "được bồi dưỡng", "xã vừa", "đã được"],
    1.5: ["thông báo", "kế hoạch", "báo cáo", "văn bản", "vừa qua", "sáng nay", "chiều qua", "hôm qua", "=lễ",
      "kết quả", "=đạt", "nhân dân", "công tác", "trang bị", "đoàn viên", "hội viên", "lực lượng", "trên địa bàn",
      "cán bộ và nhân dân"],
  },
  question: {
    3: ["cho em hỏi", "cho tôi hỏi", "cho mình hỏi", "cho cháu hỏi", "cho con hỏi", "xin hỏi", "cho hỏi",
      "em muốn hỏi", "tôi muốn hỏi", "cần những giấy tờ gì", "giấy tờ gì", "cần những gì", "phải làm gì",
      "có được không", "làm thế nào", "như thế nào", "thủ tục gì", "hồ sơ gì", "=ở đâu", "nhờ hướng dẫn"],
    2: ["=hỏi", "làm sao", "thế nào", "cần gì", "bao lâu", "có cần", "được không", "có phải", "hay không",
      "bao nhiêu", "khi nào", "ngày nào", "mấy giờ", "liên hệ ai", "thắc mắc", "xin cho biết", "không ạ", "vậy ạ",
      "sao ạ", "gì ạ", "chưa ạ", "không vậy", "vậy ad", "muốn hỏi", "hỏi về", "cần mang", "có mất phí", "tư vấn",
      "xin hướng dẫn"],
    1.5: ["thủ tục", "muốn làm", "muốn xin", "muốn đăng ký", "em muốn", "mình muốn", "nhà em muốn", "hướng dẫn",
      "lệ phí", "=bao giờ", "bao giờ", "làm gì", "có được", "số nào", "chỗ nào", "tra cứu", "mấy ngày", "hạn chót",
      "có ai biết", "ở đâu"],
  },
  feedback: {
    3: ["phản ánh", "kiến nghị", "xin phản ánh", "đề nghị xã", "đề nghị chính quyền", "mong chính quyền", "mong xã",
      "mong các cấp", "kiến nghị xã", "đề nghị cơ quan chức năng", "đề nghị công an", "mong công an"],
    2.5: ["đề nghị", "đề xuất", "hư hỏng", "xuống cấp", "chưa được xử lý", "chưa khắc phục", "không ai thu gom",
      "xem xét", "bị hỏng", "=hỏng", "bị hư", "=hư", "chưa thấy ai", "chưa ai", "xin ý kiến", "rà soát", "nhắc nhở",
      "đề nghị kiểm tra", "cho sửa", "sửa sớm", "cho người sửa"],
    2: ["ô nhiễm", "mất an ninh", "nguy hiểm", "bức xúc", "khắc phục", "kiểm tra xử lý", "cả tuần nay", "mấy hôm nay",
      "mấy ngày nay", "nhiều ngày nay", "tháng nay", "lâu nay", "tình trạng", "rất khó khăn", "lo lắng", "ảnh hưởng",
      "hôi thối", "thường xuyên", "liên tục", "vào cuộc", "chưa nhận được", "quá hạn", "tăng cường",
      "không nghe được", "hỗ trợ kinh phí", "bố trí", "chậm quá", "dán quảng cáo", "chưa được sửa",
      "chưa được giải quyết"],
    1.5: ["chưa được", "nhiều lần", "lầy lội", "bừa bãi", "lộn xộn", "um tùm", "bỏ hoang", "mù mịt", "ùn tắc",
      "mất vệ sinh", "không che chắn", "báo sai", "lo ngại", "ép giá", "thua lỗ", "có giải pháp", "sửa sang"],
    1: ["mong", "bà con", "xử lý", "nhiều người", "sửa chữa", "giúp", "chú ý", "=bị", "cứ"],
  },
  complaint: {
    4: ["khiếu nại", "tố cáo", "tố giác", "đơn khiếu nại", "đơn tố cáo", "nhũng nhiễu", "tham nhũng",
      "lợi dụng chức vụ", "ăn chặn", "vòi tiền", "hách dịch", "cửa quyền", "bao che"],
    3: ["đơn thư", "đòi tiền", "đòi thêm tiền", "tiền bồi dưỡng", "gây khó dễ", "làm khó", "quát nạt", "bớt xén",
      "khuất tất", "thiên vị", "lạm quyền", "sai phạm", "nhận tiền", "thu tiền", "không có biên lai",
      "không đưa biên lai", "làm ngơ", "điều tra làm rõ", "thanh tra", "không công khai"],
    2: ["thái độ", "sai quy định", "không đúng quy định", "cao hơn quy định", "trái quy định", "vô lý",
      "không giải quyết", "không trả lời", "tự ý", "đánh bạc", "cá độ", "làm rõ", "xử lý nghiêm", "tiêu cực",
      "người nhà cán bộ", "cho người nhà"],
    1: ["cán bộ", "chủ tịch xã", "trưởng thôn", "quyết định", "bồi thường", "đền bù", "quyền lợi"],
  },
  spam: {
    4: ["casino", "cá cược", "nhà cái", "nổ hũ", "tài xỉu", "việc nhẹ lương cao", "không cần thế chấp",
      "nhấn vào link", "bấm vào link", "click vào đây", "trúng thưởng", "freeship", "tiền ảo", "forex",
      "tuyển cộng tác viên online", "làm bằng đại học", "giấy tờ giả", "sập sàn", "đổi thưởng", "qc", "không cần vốn",
      "tư vấn miễn phí", "vui lòng xác nhận", "khoản vay"],
    3: ["quảng cáo", "khuyến mãi", "khuyến mại", "giảm giá", "vay tiền", "giải ngân", "lãi suất thấp", "vay online",
      "vay tín chấp", "cho vay tín chấp", "nợ xấu", "inbox", "ib", "liên hệ ngay", "kiếm tiền", "làm tại nhà",
      "giá chỉ", "sỉ lẻ", "giá sỉ", "xả kho", "chuyên cung cấp", "mua ngay", "đặt hàng ngay", "số lượng có hạn",
      "mua 1 tặng 1", "voucher", "lợi nhuận", "cam kết hoàn vốn", "chỉ cần cccd", "duyệt nhanh", "rút tiền",
      "lãi cao", "bảo hiểm nhân thọ", "thanh lý", "chính chủ", "đất nền", "sổ sẵn", "triệu mỗi ngày",
      "nhắn tin cho mình", "được duyệt", "mỹ phẩm", "chính hãng", "nhận quà", "uy tín", "bắn cá", "giao hàng tận nơi"],
    2: ["lh", "cho vay", "online", "lãi suất", "đăng ký ngay", "sale", "shop", "order", "follow", "share", "miễn phí",
      "chúc mừng bạn", "đầu tư", "=nạp", "quà tặng", "giá rẻ", "ưu đãi", "bit ly", "tinyurl"],
  },
};

// prettier-ignore
export const FIELD_LEXICON: Readonly<Record<SeedFieldCode, WeightedPhrases>> = {
  "hanh-chinh": {
    4: ["xác nhận tình trạng hôn nhân", "lý lịch tư pháp", "chứng thực chữ ký", "trích lục", "đăng ký kết hôn",
      "giấy khai sinh", "luật hộ tịch", "luật cư trú", "nhận con nuôi", "cán bộ tư pháp", "cán bộ hộ tịch"],
    3: ["hộ tịch", "khai sinh", "khai tử", "kết hôn", "tình trạng hôn nhân", "chứng thực", "sao y", "tạm trú",
      "thường trú", "tạm vắng", "cư trú", "hộ khẩu", "chuyển khẩu", "căn cước", "căn cước công dân", "cmnd",
      "chứng minh nhân dân", "giám hộ", "con nuôi", "cải chính", "chứng tử", "tư pháp", "trợ giúp pháp lý",
      "quốc tịch", "thay đổi họ tên"],
    2: ["công chứng", "bản sao", "cccd", "ly hôn", "ủy quyền", "di chúc", "hòa giải", "pháp luật", "giấy tờ tùy thân",
      "hộ chiếu"],
    1: ["làm giấy", "giấy tờ", "xác nhận", "làm lại"],
  },
  "dat-dai": {
    4: ["sổ đỏ", "sổ hồng", "bìa đỏ", "quyền sử dụng đất", "giấy phép xây dựng", "tách thửa", "thu hồi đất",
      "tranh chấp đất", "giải phóng mặt bằng", "xây dựng trái phép", "cán bộ địa chính", "đất thổ cư",
      "chuyển mục đích sử dụng", "lấn chiếm đất", "mua bán đất", "biến động đất", "=cấp sổ", "=làm sổ", "đất công",
      "san lấp", "đất ruộng"],
    3: ["=đất", "đất đai", "=đất ở", "thổ cư", "=thửa", "thửa đất", "quy hoạch", "đo đạc", "địa chính", "sang tên",
      "chuyển nhượng", "mốc giới", "ranh giới", "lấn chiếm", "xây trái phép", "cơi nới", "gpmb", "trước bạ",
      "xây nhà", "xin phép xây", "tường rào", "lấn sang", "gác lửng", "đất nông nghiệp"],
    2: ["xây dựng", "tranh chấp", "bồi thường", "đền bù", "diện tích", "thừa kế", "không có giấy phép", "xin phép",
      "công trình nhà"],
  },
  "xa-hoi": {
    4: ["người có công", "thương binh", "liệt sĩ", "bệnh binh", "bảo trợ xã hội", "hộ nghèo", "cận nghèo",
      "bảo hiểm thất nghiệp", "bảo hiểm xã hội", "gia đình chính sách", "nhà đại đoàn kết", "xóa nhà tạm",
      "nhà tình nghĩa", "trợ cấp xã hội", "người cao tuổi", "bình đẳng giới", "bạo lực gia đình", "lương hưu",
      "ngân hàng chính sách", "xuất khẩu lao động", "mai táng phí", "trẻ mồ côi", "bạo lực trên cơ sở giới",
      "hỗ trợ lũ lụt", "chữ thập đỏ"],
    3: ["bhxh", "trợ cấp", "thất nghiệp", "hưu trí", "khuyết tật", "người khuyết tật", "mồ côi", "hoàn cảnh khó khăn",
      "nhà tạm", "nhà dột nát", "lao động", "việc làm", "đào tạo nghề", "học nghề", "cứu trợ", "người lao động",
      "nợ lương", "nghỉ việc", "thiệt hại", "hỗ trợ sau bão", "tiền hỗ trợ", "cơn bão"],
    2: ["bảo hiểm y tế", "bhyt", "thẻ bhyt", "thẻ bảo hiểm y tế", "chế độ", "chính sách", "trẻ em", "80 tuổi",
      "vay vốn", "công nhân", "tiền lương", "chi trả", "suất quà", "cách mạng", "danh sách hộ"],
    1: ["hỗ trợ"],
  },
  "y-te": {
    4: ["trạm y tế", "trung tâm y tế", "bệnh viện", "tiêm chủng", "khám bệnh", "khám chữa bệnh", "khám sức khỏe",
      "sốt xuất huyết", "tay chân miệng", "an toàn thực phẩm", "ngộ độc thực phẩm", "diệt muỗi", "diệt lăng quăng",
      "bọ gậy", "suy dinh dưỡng", "người bệnh", "bệnh nhân", "chuyển tuyến", "phòng dại", "thiếu thuốc", "sàng lọc",
      "huyết áp", "tiểu đường", "phòng khám", "bán thuốc"],
    3: ["y tế", "vắc xin", "vaccine", "vacxin", "=tiêm", "dịch bệnh", "bác sĩ", "y sĩ", "điều dưỡng", "=thuốc",
      "nhà thuốc", "hiệu thuốc", "mua thuốc", "uống thuốc", "ngộ độc", "=muỗi", "lăng quăng", "khám thai",
      "mang thai", "dinh dưỡng", "covid", "=sởi", "chữa bệnh", "=sốt", "hpv", "bếp ăn tập thể"],
    2: ["=bệnh", "sức khỏe", "=khám", "cấp cứu", "dân số", "kế hoạch hóa gia đình", "ruồi nhặng", "đồ ăn", "quán ăn",
      "=ốm"],
  },
  "giao-duc": {
    4: ["học phí", "tuyển sinh", "giáo viên", "hiệu trưởng", "mầm non", "mẫu giáo", "tiểu học", "thcs", "thpt",
      "nhà trường", "sách giáo khoa", "khai giảng", "năm học", "nhà giáo", "học thêm tại nhà", "chuyển trường",
      "đuổi học", "bán trú", "học thêm", "dạy thêm", "khuyến học"],
    3: ["học sinh", "phụ huynh", "giáo dục", "=trường", "trung cấp", "học nghề", "trường học", "cổng trường",
      "trường cấp", "lớp 1", "sinh viên", "thầy cô", "cô giáo", "thầy giáo", "nhập học", "học bổng", "đi học",
      "bỏ học", "kỳ thi", "thi tốt nghiệp", "lớp học"],
    2: ["=lớp", "=học", "các cháu", "hs"],
  },
  "ha-tang": {
    4: ["đèn đường", "chiếu sáng", "đèn chiếu sáng", "cống thoát nước", "thoát nước", "nước sạch", "mất điện",
      "cắt điện", "cúp điện", "điện lực", "đường liên thôn", "đường liên xã", "đường giao thông", "ổ gà", "ổ voi",
      "mặt đường", "đường bê tông", "trải nhựa", "nhựa hóa", "gờ giảm tốc", "biển báo", "cột điện", "dây điện",
      "đường dây", "điện yếu", "đồng hồ nước", "công tơ điện", "mất nước", "cấp nước", "bóng đèn", "hạ tầng"],
    3: ["giao thông", "=đường", "tuyến đường", "con đường", "đường quê", "đường vào", "đường làng", "=đèn", "=điện",
      "=cống", "nắp cống", "mương", "kênh mương", "ngập", "ngập úng", "ngập nước", "lòng đường", "vỉa hè", "cây cầu",
      "cầu tạm", "cầu treo", "đường ống", "ống nước", "vỡ ống", "bến đò", "xe buýt", "sạt lở", "lưới điện",
      "trạm biến áp", "=cầu", "cây đổ", "đổ ra đường", "làm đường", "nước máy", "cầu tràn", "tiêu úng", "kênh tiêu",
      "đổ bê tông"],
    2: ["sửa chữa", "thi công", "công trình", "nâng cấp", "bê tông", "cây xanh", "xe tải", "lan can"],
  },
  "moi-truong": {
    4: ["môi trường", "vệ sinh môi trường", "ô nhiễm", "rác thải", "thu gom rác", "xả rác", "bãi rác", "đổ trộm",
      "đốt rác", "xả thải", "nước thải", "chất thải", "tiếng ồn", "mùi hôi", "hôi thối", "bốc mùi", "khói bụi",
      "phân loại rác", "túi ni lông", "thùng rác", "không che chắn", "bụi mù", "đốt rơm rạ", "hầm biogas",
      "nhiễm phèn", "cảnh quan", "tuyến đường hoa", "karaoke"],
    3: ["rác", "thu gom", "=khói", "=bụi", "ồn ào", "cá chết", "xác động vật", "trồng cây", "chặt cây", "phá rừng",
      "khai thác cát", "tài nguyên", "biến đổi khí hậu", "nguồn nước", "nước giếng", "ruồi muỗi", "chôn lấp",
      "trại heo", "trại lợn", "biogas", "pin cũ", "mùi lạ", "chất thải nguy hại", "ngày nước thế giới"],
    2: ["vệ sinh", "nuôi heo", "nuôi lợn", "chăn nuôi", "ngủ được", "tập kết", "hát đến"],
  },
  "an-ninh": {
    5: ["tín dụng đen", "cho vay nặng lãi"], // crimes that outweigh where the ad was stuck (a power pole)
    4: ["an ninh trật tự", "trộm cắp", "mất trộm", "cướp giật", "đánh nhau", "gây rối", "hỗn chiến", "đua xe",
      "lạng lách", "nẹt pô", "bốc đầu", "phòng cháy", "chữa cháy", "phòng cháy chữa cháy", "pccc", "hỏa hoạn",
      "lừa đảo", "giả danh", "mạo danh", "ma túy", "chất ma túy", "cờ bạc", "đánh bạc", "cá độ", "lô đề", "số đề",
      "nặng lãi", "tai nạn giao thông", "nghĩa vụ quân sự", "nhập ngũ", "giao nhận quân", "quân sự", "công an xã",
      "tuần tra", "pháo nổ", "bình chữa cháy", "mất xe", "dân phòng", "cứu nạn", "cứu hộ", "chó cắn", "chó thả rông",
      "không biển số"],
    3: ["an ninh", "trật tự", "=trộm", "=cướp", "đánh người", "côn đồ", "gây gổ", "=cháy", "vụ cháy", "đám cháy",
      "bốc cháy", "công an", "dân quân", "bắt giữ", "tạm giữ", "khởi tố", "tội phạm", "say rượu", "đòi nợ",
      "chuyển khoản", "cảnh giác", "giả mạo", "trình báo", "công an viên", "tàng trữ", "an toàn giao thông",
      "uống rượu"],
    2: ["tụ tập", "đối tượng", "xử phạt", "vi phạm", "người lạ", "lạ mặt", "camera", "xe máy", "đỗ xe", "qua mạng",
      "=rượu"],
    1: ["thanh niên"],
  },
  "kinh-te": {
    4: ["nông nghiệp", "hộ kinh doanh", "đăng ký kinh doanh", "giấy phép kinh doanh", "ban quản lý chợ",
      "tiểu thương", "quản lý thị trường", "phân bón", "sâu bệnh", "vật nuôi", "gia súc", "gia cầm", "cúm gia cầm",
      "lở mồm long móng", "dịch tả lợn", "đất lúa", "cây ăn quả", "thú y", "hợp tác xã", "ocop", "nông sản",
      "thương lái", "khuyến nông", "cây trồng", "thủy lợi", "giống lúa", "trồng lúa", "sản xuất lúa", "cân điêu",
      "ngân sách", "kinh tế", "ki ốt", "kiot", "niêm yết giá", "vụ đông", "vụ hè thu", "hạn hán", "tiêu thụ"],
    3: ["=chợ", "=chợ xã", "=chợ tạm", "=lúa", "ruộng", "đồng ruộng", "cánh đồng", "mùa vụ", "thu hoạch", "gieo cấy",
      "chăn nuôi", "trang trại", "thủy sản", "nông dân", "kinh doanh", "doanh nghiệp", "=thuế", "nộp thuế",
      "thu thuế", "=sạp", "buôn bán", "tạp hóa", "hàng giả", "tăng giá", "giá cả", "nông thôn mới", "tưới tiêu",
      "=bưởi", "bán hàng"],
    2: ["=giá", "=heo", "=lợn", "trâu bò", "thị trường", "sản xuất", "du lịch", "thu nhập", "chuỗi liên kết"],
  },
  "van-hoa": {
    4: ["văn hóa", "lễ hội", "thể thao", "văn nghệ", "thư viện", "loa phát thanh", "loa truyền thanh",
      "đài truyền thanh", "nhà văn hóa", "di tích", "bóng đá", "bóng chuyền", "cầu lông", "hội diễn",
      "gia đình văn hóa", "nếp sống văn minh", "sân vận động", "sân bóng", "nhà thi đấu", "văn hóa đọc", "đọc sách",
      "sân chơi", "khu vui chơi", "việt dã", "vận động viên", "đình làng", "đám cưới", "ngày hội đại đoàn kết"],
    3: ["truyền thanh", "phát thanh", "=loa", "=đình", "=chùa", "di sản", "tín ngưỡng", "tôn giáo", "câu lạc bộ",
      "clb", "dân ca", "kéo co", "đội bóng", "giao lưu", "khẩu hiệu", "băng rôn", "pano", "tập thể dục", "đám tang",
      "việc cưới", "đầu sách", "quốc tế phụ nữ"],
    2: ["kỷ niệm", "du lịch", "phụ nữ"],
    1: ["thông tin"],
  },
  cchc: {
    4: ["cải cách hành chính", "cchc", "dịch vụ công", "dịch vụ công trực tuyến", "cổng dịch vụ công", "dvc", "vneid",
      "định danh điện tử", "chuyển đổi số", "một cửa", "bộ phận một cửa", "tiếp nhận và trả kết quả",
      "thủ tục hành chính", "tthc", "đề án 06", "công nghệ số", "hành chính công", "nộp hồ sơ trực tuyến",
      "phiếu hẹn", "chữ ký số", "số hóa", "công dân số", "văn bản điện tử"],
    3: ["trực tuyến", "định danh", "mức 2", "trả kết quả", "đăng nhập", "kích hoạt", "tài khoản định danh",
      "thanh toán trực tuyến", "không dùng tiền mặt", "trễ hạn", "trễ hẹn", "điện thoại thông minh"],
    2: ["online", "ứng dụng", "phần mềm", "tài khoản", "mật khẩu", "mã qr", "nộp hồ sơ", "bổ sung giấy tờ", "trả về"],
    1: ["hồ sơ"],
  },
  khac: {
    // Weight 0: neutralisers. Longer, they hide a misleading word inside them ("gia đình" ⊃ "đình").
    0: ["gia đình", "điện thoại", "môi trường mạng", "hộ gia đình", "nhà hàng xóm"],
    3: ["bằng lái", "giấy phép lái xe", "ubmttq", "mặt trận tổ quốc", "mttq"],
    2: ["trang thông tin", "trang này", "website", "rao vặt", "cựu chiến binh", "văn phòng ubnd", "số điện thoại",
      "đơn trước"],
  },
};

/**
 * Words that make an item urgent (notified at once, whatever the hour). Weight 0 entries are
 * neutralisers: being longer, they hide the urgent word inside them ("phòng cháy" is a campaign,
 * not a fire).
 */
// prettier-ignore
export const URGENT_LEXICON: WeightedPhrases = {
  1: ["=cháy", "vụ cháy", "đám cháy", "bốc cháy", "bị cháy", "cháy nhà", "cháy rừng", "cháy lớn", "hỏa hoạn", "=lũ",
    "lũ lụt", "lũ quét", "mưa lũ", "nước lũ", "lụt", "ngập sâu", "sạt lở", "tai nạn", "đuối nước", "chết đuối",
    "đánh nhau", "=chém", "chém nhau", "bị chém", "đâm chém", "án mạng", "giết người", "dịch bệnh bùng phát",
    "bùng phát dịch", "ngộ độc", "khẩn cấp", "cấp cứu", "cứu với", "điện giật", "vỡ đê", "mất tích", "tử vong",
    "phát nổ", "sập nhà", "cây đổ", "rò rỉ khí", "=gấp", "bốc khói", "khói đang", "cháy nổ", "mùi hóa chất",
    "cầm dao", "đòi giết", "dọa giết", "hành hung", "đâm chết", "ổ dịch", "ca mắc", "lây lan nhanh", "dịch tả",
    "cúm gia cầm", "chết hàng loạt", "rò rỉ", "hộ đê", "tràn đê", "sơ tán", "bị vùi", "bị cuốn trôi", "lật xe"],
  0: ["phòng cháy", "chữa cháy", "phòng cháy chữa cháy", "cháy hàng", "phòng chống lụt bão", "phòng chống thiên tai",
    "phòng chống đuối nước", "phòng chống dịch", "bảo hiểm tai nạn", "tai nạn lao động", "xe cấp cứu",
    "hỗ trợ lũ lụt", "tiền hỗ trợ lũ lụt", "sau lũ", "phòng ngộ độc", "an toàn giao thông", "gấp đôi", "gấp ba",
    "gấp 2 lần", "gấp 3 lần", "gấp 4 lần", "gấp 5 lần", "gấp 10 lần", "cao gấp", "tăng gấp", "cua gấp",
    "khúc cua gấp", "trường hợp khẩn cấp", "mùa mưa lũ", "vùng lũ", "vùng bị lũ", "khi có cháy", "nếu có cháy",
    "có cháy thì", "sạt lở bờ sông", "bờ sông sạt lở", "bờ sông bị sạt lở", "dịch vụ", "tiêm phòng cúm gia cầm",
    "phòng chống cúm gia cầm", "tiêm phòng dịch tả", "phòng chống dịch tả"],
};

/**
 * Context that makes an urgent word history, not an emergency: aid after the event, a repaired
 * site, last year's accident, a warning sign asked for, a question about entitlements. It does
 * not apply when the text also says it is happening now (`URGENT_NOW`).
 */
// prettier-ignore
export const URGENT_AFTERMATH: readonly string[] = ["hỗ trợ", "ủng hộ", "khắc phục xong", "đã khắc phục", "thông xe",
  "năm ngoái", "năm trước", "tháng trước", "mất trắng", "cảnh báo", "biển báo", "tập huấn", "diễn tập",
  "tuyên truyền", "mỗi khi", "mỗi lần", "trao quà", "quyên góp", "khiếu nại", "tố cáo"];

/** Words saying it is happening now: they keep an urgent word urgent whatever else the text says. */
// prettier-ignore
export const URGENT_NOW: WeightedPhrases = {
  1: ["=đang", "đang cháy", "đang lan", "đang bốc", "đang lên", "đang tìm", "đang ngập", "đang đánh", "cứu với",
    "cứu hộ", "=gấp", "khẩn cấp", "=ngay", "ngay lập tức", "đến ngay", "xuống ngay", "bây giờ", "lúc này",
    "hỗ trợ gấp", "cần gấp", "đến gấp", "xuống gấp", "cứu gấp"],
  0: ["gấp đôi", "gấp ba", "gấp 2 lần", "gấp 3 lần", "gấp 4 lần", "gấp 5 lần", "gấp 10 lần", "cao gấp", "tăng gấp",
    "cua gấp", "khúc cua gấp", "trường hợp khẩn cấp", "ngày nào"],
};

/** Whole messages that carry nothing: greetings, tests, fillers (folded form). */
// prettier-ignore
export const NOISE_MESSAGES: readonly string[] = ["alo", "a lo", "alo alo", "hi", "hi ad", "hi admin", "hello",
  "helo", "hello ad", "test", "tes", "ok", "oke", "okela", "uh", "um", "hihi", "haha", "hehe", "hj", "chao",
  "xin chao", "chao ad", "ad oi", "admin oi", "co ai khong", "co ai ko", "ai do", "alo ad", "alo a"];
