//! One test per case the segmenter must handle (issue 2).

use super::split;

fn sentences(t: &str) -> Vec<&str> {
    split(t).into_iter().map(|r| &t[r]).collect()
}

#[test]
fn plain_sentences() {
    assert_eq!(
        sentences("Hội nghị khai mạc sáng nay. Bộ trưởng phát biểu! Ai dự? Tất cả."),
        [
            "Hội nghị khai mạc sáng nay.",
            "Bộ trưởng phát biểu!",
            "Ai dự?",
            "Tất cả."
        ]
    );
}

#[test]
fn abbreviation_tp() {
    assert_eq!(
        sentences("Đoàn đến TP. Hồ Chí Minh hôm qua. Sau đó về."),
        ["Đoàn đến TP. Hồ Chí Minh hôm qua.", "Sau đó về."]
    );
}

#[test]
fn abbreviation_ts_and_ths() {
    assert_eq!(
        sentences("Tham dự có TS. Lê Văn A và ThS. Trần Bình. Hai người phát biểu."),
        [
            "Tham dự có TS. Lê Văn A và ThS. Trần Bình.",
            "Hai người phát biểu."
        ]
    );
}

#[test]
fn abbreviation_pgs_ts() {
    assert_eq!(
        sentences("PGS.TS. Nguyễn Văn Minh chủ trì. GS. Hoàng C tham dự."),
        ["PGS.TS. Nguyễn Văn Minh chủ trì.", "GS. Hoàng C tham dự."]
    );
}

#[test]
fn abbreviation_vv_mid_and_end() {
    assert_eq!(
        sentences("Các lĩnh vực y tế, giáo dục, v.v. đều được nhắc tới. Xuất khẩu gạo, cà phê, v.v. Đó là thế mạnh."),
        ["Các lĩnh vực y tế, giáo dục, v.v. đều được nhắc tới.", "Xuất khẩu gạo, cà phê, v.v.", "Đó là thế mạnh."]
    );
}

#[test]
fn dates_with_dash_and_slash() {
    assert_eq!(
        sentences("Sáng 21-12, hội nghị họp. Ngày 2/4, Thủ tướng chủ trì."),
        ["Sáng 21-12, hội nghị họp.", "Ngày 2/4, Thủ tướng chủ trì."]
    );
}

#[test]
fn fraction_and_document_code() {
    let t =
        "Mới có 41/63 tỉnh có chương trình theo Kết luận số 12-KL/TW. Điều này cho thấy độ trễ.";
    assert_eq!(
        sentences(t),
        [
            "Mới có 41/63 tỉnh có chương trình theo Kết luận số 12-KL/TW.",
            "Điều này cho thấy độ trễ."
        ]
    );
}

#[test]
fn thousands_and_decimals() {
    assert_eq!(
        sentences("Khoảng 1.000 doanh nghiệp tăng 3,5 lần. Năm 2022. 60 hoạt động."),
        [
            "Khoảng 1.000 doanh nghiệp tăng 3,5 lần.",
            "Năm 2022.",
            "60 hoạt động."
        ]
    );
}

#[test]
fn quotation_containing_sentences_stays_whole() {
    let t = "“Chúng ta phải nhanh. Phải chắc. Phải hiệu quả”, Thủ tướng nói. Hội nghị kết thúc.";
    assert_eq!(
        sentences(t),
        [
            "“Chúng ta phải nhanh. Phải chắc. Phải hiệu quả”, Thủ tướng nói.",
            "Hội nghị kết thúc."
        ]
    );
}

#[test]
fn sentence_final_quote() {
    let t =
        "Bộ trưởng nhấn mạnh: “Ngoại giao kinh tế là nhiệm vụ trung tâm.” Các đại biểu đồng tình.";
    assert_eq!(
        sentences(t),
        [
            "Bộ trưởng nhấn mạnh: “Ngoại giao kinh tế là nhiệm vụ trung tâm.”",
            "Các đại biểu đồng tình."
        ]
    );
}

#[test]
fn ellipsis_before_lower_case_continues() {
    let t =
        "Các lĩnh vực xuất khẩu, du lịch… nhằm nâng cao hiệu quả. Mercosur... đồng thời thúc đẩy.";
    assert_eq!(
        sentences(t),
        [
            "Các lĩnh vực xuất khẩu, du lịch… nhằm nâng cao hiệu quả.",
            "Mercosur... đồng thời thúc đẩy."
        ]
    );
}

#[test]
fn ellipsis_before_capital_ends() {
    let t = "Thúc đẩy đàm phán với EFTA, Mercosur... Cơ chế phối hợp được đổi mới… Đó là kết quả.";
    assert_eq!(
        sentences(t),
        [
            "Thúc đẩy đàm phán với EFTA, Mercosur...",
            "Cơ chế phối hợp được đổi mới…",
            "Đó là kết quả."
        ]
    );
}

#[test]
fn ellipsis_inside_quote_then_lower_case() {
    let t =
        "Chỉ thị xác định: “Ngoại giao kinh tế là động lực...” vì vậy các cơ quan cần chủ động.";
    assert_eq!(sentences(t).len(), 1);
}

#[test]
fn end_mark_is_one_terminator() {
    assert_eq!(
        sentences("Hội nghị thành công./. Theo VOV"),
        ["Hội nghị thành công./.", "Theo VOV"]
    );
    assert_eq!(
        sentences("Hội nghị thành công./."),
        ["Hội nghị thành công./."]
    );
}

#[test]
fn enumeration_after_colon_and_semicolon() {
    let t = "Cụ thể: Một là, đẩy mạnh hợp tác; Hai là, hỗ trợ địa phương; ba là, đào tạo cán bộ.";
    assert_eq!(
        sentences(t),
        [
            "Cụ thể:",
            "Một là, đẩy mạnh hợp tác;",
            "Hai là, hỗ trợ địa phương; ba là, đào tạo cán bộ."
        ]
    );
}

#[test]
fn enumeration_after_full_stop() {
    let t =
        "Một là, đẩy mạnh vai trò của ngoại giao. Hai là, thông qua mạng lưới 94 cơ quan đại diện.";
    assert_eq!(
        sentences(t),
        [
            "Một là, đẩy mạnh vai trò của ngoại giao.",
            "Hai là, thông qua mạng lưới 94 cơ quan đại diện."
        ]
    );
}

#[test]
fn colon_without_enumerator_does_not_break() {
    assert_eq!(
        sentences("Bộ trưởng cho biết: Từ đầu nhiệm kỳ đến nay, đối ngoại sôi động.").len(),
        1
    );
}

#[test]
fn closing_bracket_stays_with_sentence() {
    let t = "Chưa xây dựng chương trình (mới có 41/63 tỉnh). Điều này cho thấy độ trễ.";
    assert_eq!(
        sentences(t),
        [
            "Chưa xây dựng chương trình (mới có 41/63 tỉnh).",
            "Điều này cho thấy độ trễ."
        ]
    );
}

#[test]
fn lower_case_after_full_stop_does_not_break() {
    assert_eq!(sentences("Ông A. và ông B. cùng đến.").len(), 1);
}

#[test]
fn list_number_opening_a_paragraph() {
    assert_eq!(
        sentences("1. Đẩy mạnh hợp tác kinh tế."),
        ["1. Đẩy mạnh hợp tác kinh tế."]
    );
}

#[test]
fn unclosed_quote_does_not_glue_sentences() {
    assert_eq!(sentences("Ông nói: “Xong. Về nhà. Hết.").len(), 3);
}

#[test]
fn empty_and_blank() {
    assert!(split("").is_empty());
    assert!(split("   ").is_empty());
    assert_eq!(sentences("Không dấu chấm"), ["Không dấu chấm"]);
}
