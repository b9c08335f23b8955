"""Closed vocabularies of Vietnamese news names: heads, bodies, titles, family names, places.

Vietnamese official names are a closed-ish vocabulary: a head noun ("Cục",
"Sở", "Công an tỉnh"), a body whose first word is capitalised and whose later
words often are not ("Cục An ninh chính trị nội bộ"), and sometimes a place
("tỉnh Nghệ An"). The lists here let the rules find where a name ends; they
are combined (head x body x place), so a body listed once works under every
head and in every province.
"""

from __future__ import annotations

# Organisation heads. "Công an" / "Bưu điện" / "Ủy ban nhân dân" are heads only
# when a place follows (see PLACE_HEADS).
ORG_HEADS: tuple[str, ...] = (
    "Bộ Tư lệnh", "Tổng cục", "Tổng Công ty", "Tổng công ty", "Bộ", "Cục", "Vụ", "Ban", "Văn phòng",
    "Phòng", "Sở", "Trung tâm", "Học viện", "Tập đoàn", "Công ty", "Đảng ủy", "Đảng uỷ", "Ủy ban",
    "Uỷ ban", "Viện", "Hội đồng", "Thanh tra", "Báo", "Đài", "Tổng đội", "Bệnh viện",
    "Đảng bộ", "Tỉnh ủy", "Tỉnh uỷ", "Thành ủy", "Thành uỷ", "Quân khu", "Quân chủng", "Binh chủng",
)
# Heads that need a place after them: "Công an tỉnh Hà Tĩnh", "Bưu điện tỉnh Nghệ An".
PLACE_HEADS: tuple[str, ...] = (
    "Công an", "Bưu điện", "Ủy ban nhân dân", "Uỷ ban nhân dân", "UBND", "Hội đồng nhân dân", "HĐND",
    "Viễn thông", "Cục Thuế", "Kho bạc Nhà nước", "Bảo hiểm xã hội", "Viettel",
)
PLACE_MARKERS: tuple[str, ...] = ("tỉnh", "thành phố", "TP", "TP.", "huyện", "quận", "thị xã", "Tỉnh", "Thành phố")
# "Cục trưởng", "Bộ trưởng": a head followed by these is a title, not an organisation.
TITLE_TAILS = frozenset({"trưởng", "phó", "viên", "trực"})
# After a head these mean a generic body, not a name: "Ban Lãnh đạo", "Ban chỉ đạo".
GENERIC_BODIES = frozenset({"lãnh đạo", "chỉ đạo", "giám đốc", "tổ chức", "chấp hành", "thường vụ", "biên tập",
                            "bí thư", "quản lý", "điều hành", "tổ công tác"})
# Acronyms that are organisations on their own.
STANDALONE_ORGS = frozenset({"VNPT", "VNPost", "CAND", "Viettel", "MobiFone", "Vinaphone", "QĐND", "TTXVN",
                             "VTV", "VOV", "EVN", "BIDV", "Agribank", "Vietcombank", "VietinBank"})
# Long official names the capitalisation rule cannot delimit on its own (matched anywhere).
KNOWN_ORGS: tuple[str, ...] = (
    "Công an nhân dân",
    "Quân đội nhân dân",
    "Bộ Chính trị",
    "Ban Bí thư",
    "Ban Chấp hành Trung ương",
    "Tổng Công ty Bưu điện Việt Nam",
    "Tập đoàn Bưu chính Viễn thông Việt Nam",
    "Tập đoàn Công nghiệp - Viễn thông Quân đội",
)
# Bodies (after any head) with lower-case words or inner connectors that belong to them.
KNOWN_BODIES: tuple[str, ...] = (
    "An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao",
    "Cảnh sát Quản lý hành chính về trật tự xã hội",
    "Cảnh sát điều tra tội phạm về trật tự xã hội",
    "Cảnh sát hình sự",
    "Cảnh sát giao thông",
    "Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
    "An ninh chính trị nội bộ",
    "An ninh kinh tế",
    "An ninh nội địa",
    "Viễn thông và cơ yếu",
    "Cơ yếu - Viễn thông",
    "Chính sách và nghiệp vụ",
    "Thông tin cơ sở",
    "Thông tin đối ngoại",
    "Kỹ thuật nghiệp vụ",
    "Công nghệ thông tin",
    "An toàn thông tin",
    "Bưu điện Trung ương",
    "Thông tin và Truyền thông",
    "Phát thanh, truyền hình và thông tin điện tử",
    "Tần số vô tuyến điện",
    "Văn hóa, Thể thao và Du lịch",
    "Văn hoá, Thể thao và Du lịch",
    "Nông nghiệp và Phát triển nông thôn",
    "Lao động - Thương binh và Xã hội",
    "Lao động, Thương binh và Xã hội",
    "Giao thông vận tải",
    "Tài nguyên và Môi trường",
    "Kế hoạch và Đầu tư",
    "Kế hoạch - Tài chính",
    "Giáo dục và Đào tạo",
    "Khoa học và Công nghệ",
    "Tổ chức cán bộ",
    "Thi đua - Khen thưởng",
    "Pháp chế",
    "Hợp tác quốc tế",
    "Điều hành & Khai thác mạng",
    "Tuyên giáo Trung ương",
    "Kiểm tra Trung ương",
    "Tổ chức Trung ương",
    "Dân vận Trung ương",
    "Nội chính Trung ương",
    "Kinh tế Trung ương",
    "Đối ngoại Trung ương",
)
# Lower-case words that may continue an official name after its first compound.
NAME_LOWER = frozenset({
    "thông", "tin", "toàn", "nghiệp", "vụ", "cơ", "sở", "yếu", "thuật", "nghệ", "chính", "trị", "nội", "bộ",
    "hành", "xã", "hội", "truyền", "điện", "sách", "chí", "phòng", "mạng", "nước", "vệ", "tinh", "dân", "nhân",
    "sự", "tế", "cán", "chức", "số", "hình", "hóa", "hoá", "động", "sinh", "học", "liệu", "ninh", "an",
})
# Lower-case words that may start a body part after "và": "Phòng Chính sách và nghiệp vụ".
AFTER_VA_LOWER = frozenset({"cơ", "nghiệp", "truyền", "phòng", "xã", "thông", "công", "an"})
# Words that end a name however they are written: verbs and function words.
STOP_WORDS = frozenset({
    "và", "của", "cùng", "với", "đã", "là", "tại", "về", "thuộc", "trong", "cho", "được", "có", "các", "để",
    "do", "tổ", "ký", "đến", "từ", "này", "đó", "khi", "sẽ", "cũng", "vừa", "đang", "nhằm", "theo", "cần",
    "phải", "vẫn", "không", "đề", "tham", "trực", "thực", "xác", "nhất", "phát", "chủ", "quản", "tiếp",
})

# Titles, ranks and roles that introduce a person; the last one seen is kept as the role.
PERSON_TITLES: tuple[str, ...] = (
    "đồng chí", "ông", "bà", "Đại tướng", "Thượng tướng", "Trung tướng", "Thiếu tướng",
    "Đại tá", "Thượng tá", "Trung tá", "Thiếu tá", "Đại úy", "Đại uý", "Thượng úy", "Trung úy", "Thiếu úy",
    "Bộ trưởng", "Thứ trưởng", "Cục trưởng", "Phó Cục trưởng", "Chánh Văn phòng", "Phó Chánh Văn phòng",
    "Phó Chánh Văn Phòng", "Chánh Thanh tra", "Giám đốc", "Phó Giám đốc", "Tổng Giám đốc", "Phó Tổng Giám đốc",
    "Chủ tịch", "Phó Chủ tịch", "Thủ tướng", "Phó Thủ tướng", "Vụ trưởng", "Phó Vụ trưởng", "Trưởng phòng",
    "Phó Trưởng phòng", "Trưởng ban", "Phó Trưởng ban", "Bí thư", "Phó Bí thư", "Tổng Bí thư", "Tổng cục trưởng",
    "Phó Tổng cục trưởng", "Viện trưởng", "Hiệu trưởng", "Nhà báo", "Tiến sĩ", "TS", "ThS", "PGS", "GS",
    "PGS.TS", "GS.TS", "Đại sứ", "Tư lệnh", "Chính ủy", "Chính uỷ", "Chủ nhiệm", "Phó Chủ nhiệm", "Ủy viên", "Uỷ viên", "Thượng úy",
)
# Titles that may be followed by a bare given name ("ông Ninh").
SHORT_NAME_TITLES = frozenset({"đồng chí", "ông", "bà"})

FAMILY_NAMES = frozenset({
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "Dương", "Lý", "Tô", "Lương", "Mai", "Đinh", "Trịnh", "Đào", "Cao", "Lâm", "Hà", "Tạ", "Thái", "Chu",
    "Quách", "Vương", "Triệu", "Đoàn", "Lưu", "Kiều", "Khúc", "Hứa", "La", "Tăng", "Châu", "Giang", "Lại",
    "Phùng", "Nghiêm", "Thân", "Tôn", "Mạc", "Khổng", "Âu", "Doãn", "Lã", "Lò", "Hầu", "Từ", "Nông", "Trương",
    "Văn", "Ninh", "Đàm", "Diệp", "Kim", "Quan", "Bạch", "Mã", "Vi", "Cù", "Hàn", "Ứng", "Đồng",
})

PROVINCES: tuple[str, ...] = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bà Rịa – Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh",
    "Bến Tre", "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Đắk Lắk",
    "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Tĩnh", "Hải Dương",
    "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng",
    "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên",
    "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh",
    "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Thừa Thiên - Huế", "Tiền Giang", "Trà Vinh",
    "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái", "Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng",
    "Cần Thơ",
)

# Centrally-run cities: "thành phố Hà Nội" is the city itself, while "thành phố Sơn La" is the provincial
# capital, a different place from "tỉnh Sơn La".
CENTRAL_CITIES: frozenset[str] = frozenset({"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ"})
# Short forms of a province or city name (after "TP." or alone): "TP.HCM", "TPHCM".
PLACE_ALIASES: dict[str, str] = {"HCM": "Hồ Chí Minh", "TPHCM": "Hồ Chí Minh"}
# Syllables that Vietnamese names carry without any diacritic when written correctly ("Mai Anh Thanh"): a
# name made only of these may be a real unmarked name, not a marked one typed without diacritics.
PLAIN_FAMILY_NAMES: frozenset[str] = frozenset({"mai", "cao", "chu", "giang", "kim", "quan", "la", "vi", "ninh", "phan"})
PLAIN_NAME_SYLLABLES: frozenset[str] = frozenset({
    "an", "anh", "bang", "chi", "chinh", "gia", "giang", "giao", "hai", "hoa", "hoan", "huy", "duy",
    "khang", "khanh", "khoa", "kim", "lam", "lan", "linh", "loan", "long", "ly", "mai", "minh", "na", "nam",
    "nga", "nhi", "nhung", "ninh", "oanh", "phong", "quang", "sang", "sinh", "tam", "thanh", "thoa", "thu",
    "trang", "trinh", "trung", "vinh", "vy",
})
# Acronyms of heads: "UBND tỉnh X" = "Ủy ban nhân dân tỉnh X".
HEAD_ACRONYMS: dict[str, str] = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân"}
# Brands that stand for a head before a place only: "VNPT Hà Nội" is "Viễn thông Hà Nội" (VNPT alone is the group).
PLACE_HEAD_BRANDS: dict[str, str] = {"VNPT": "Viễn thông"}

# Acronyms whose expansion is not the syllable initials (or has no head noun).
KNOWN_ACRONYMS: dict[str, str] = {
    "VNPT": "Tập đoàn Bưu chính Viễn thông Việt Nam",
    "VNPost": "Tổng Công ty Bưu điện Việt Nam",
    "CAND": "Công an nhân dân",
    "QĐND": "Quân đội nhân dân",
    "TTXVN": "Thông tấn xã Việt Nam",
    "Viettel": "Tập đoàn Công nghiệp - Viễn thông Quân đội",
}
