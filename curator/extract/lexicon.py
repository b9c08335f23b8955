"""Closed vocabularies of Vietnamese news names: heads, titles, family names, places."""

from __future__ import annotations

# Organisation heads, longest first so "Bộ Tư lệnh" wins over "Bộ".
ORG_HEADS = sorted(
    [
        "Bộ Tư lệnh", "Tổng cục", "Tổng Công ty", "Tổng công ty", "Bộ", "Cục", "Vụ", "Ban", "Văn phòng",
        "Phòng", "Sở", "Trung tâm", "Học viện", "Tập đoàn", "Công ty", "Đảng ủy", "Đảng uỷ", "Ủy ban",
        "Uỷ ban", "Công an tỉnh", "Công an thành phố", "Bưu điện tỉnh", "Bưu điện thành phố",
        "Bưu điện Trung ương", "Viện", "Hội đồng", "Thanh tra", "Báo", "Đài",
    ],
    key=len,
    reverse=True,
)
# Heads that are titles when followed by these words ("Cục trưởng", "Bộ trưởng").
TITLE_TAILS = ("trưởng", "phó", "viên")
STANDALONE_ORGS = ("VNPT", "VNPost", "CAND", "Viettel", "MobiFone", "Vinaphone")
# Long official names the capitalisation rule cannot delimit on its own.
KNOWN_ORGS = (
    "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao",
    "Cục Cảnh sát Quản lý hành chính về trật tự xã hội",
    "Cục An ninh chính trị nội bộ",
    "Cục Viễn thông và cơ yếu",
    "Cục Thông tin cơ sở",
    "Phòng Chính sách và nghiệp vụ",
    "Ban Cơ yếu Chính phủ",
    "Tổng Công ty Bưu điện Việt Nam",
)
PERSON_TITLES = sorted(
    [
        "đồng chí", "Đồng chí", "ông", "Ông", "bà", "Bà", "Đại tướng", "Thượng tướng", "Trung tướng",
        "Thiếu tướng", "Đại tá", "Thượng tá", "Trung tá", "Thiếu tá", "Bộ trưởng", "Thứ trưởng",
        "Cục trưởng", "Phó Cục trưởng", "Chánh Văn phòng", "Phó Chánh Văn phòng", "Phó Chánh Văn Phòng",
        "Giám đốc", "Phó Giám đốc", "Tổng Giám đốc", "Phó Tổng Giám đốc", "Chủ tịch", "Phó Chủ tịch",
        "Thủ tướng", "Phó Thủ tướng", "Vụ trưởng", "Phó Vụ trưởng", "Trưởng phòng", "Bí thư",
        "Tổng Bí thư", "Ảnh:", "Ảnh :", "PV", "Nhà báo", "Tiến sĩ", "TS", "PGS", "GS",
    ],
    key=len,
    reverse=True,
)
FAMILY_NAMES = {
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
    "Ngô", "Dương", "Lý", "Tô", "Lương", "Mai", "Đinh", "Trịnh", "Đào", "Cao", "Lâm", "Hà", "Tạ",
    "Thái", "Chu", "Quách", "Vương", "Triệu", "Đoàn", "Văn", "Lưu", "Kiều", "Khúc", "Hứa", "La",
    "Tăng", "Châu", "Giang", "Lại", "Ninh", "Phùng", "Nghiêm", "Thân", "Tôn", "Mạc", "Khổng", "Âu",
}
PLACE_WORDS = ("tỉnh", "thành phố", "TP", "TP.", "huyện", "quận")
CONNECTORS = ("và", "&", "-", "–")
NOT_NAME_WORDS = {
    "Đảng", "Nhà", "Nước", "Chính", "Phủ", "Hội", "Nghị", "Quốc", "Hội", "Lễ", "Quy", "Chế", "Dự", "Án",
}
