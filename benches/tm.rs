//! TM benchmark: builds TMs of synthetic Vietnamese news sentences (templates with slots, written
//! for this benchmark) and measures lookup latency (p50/p95/p99), the add rate and the TMX
//! import rate.
//!
//! `cargo bench --bench tm -- 10000 100000 1000000` (sizes default to 10k and 100k). Not part
//! of `cargo test`.

use std::path::Path;
use std::time::Instant;
use vibrief::tm::{
    Duplicates, ImportOptions, MatchKind, MatchOptions, Query, Tm, Unit, UnitFilter,
};

/// A small, deterministic PRNG (xorshift64*), so every run builds the same TMs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý",
];
const MIDDLE: &[&str] = &[
    "Văn", "Thị", "Minh", "Quốc", "Thanh", "Hữu", "Đức", "Ngọc", "Xuân", "Hoài", "Kim", "Bảo",
];
const GIVEN: &[&str] = &[
    "An", "Bình", "Chính", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Hương", "Khoa", "Lan", "Linh",
    "Long", "Mai", "Nam", "Nga", "Phong", "Phúc", "Quang", "Sơn", "Tâm", "Thắng", "Thảo", "Trung",
    "Tuấn", "Vinh", "Yến", "Hiếu", "Khánh", "Lộc",
];
const PROVINCES: &[(&str, &str)] = &[
    ("Hà Nội", "Hanoi"),
    ("Thành phố Hồ Chí Minh", "Ho Chi Minh City"),
    ("Đà Nẵng", "Da Nang"),
    ("Hải Phòng", "Hai Phong"),
    ("Cần Thơ", "Can Tho"),
    ("Quảng Ninh", "Quang Ninh"),
    ("Thanh Hóa", "Thanh Hoa"),
    ("Nghệ An", "Nghe An"),
    ("Hà Tĩnh", "Ha Tinh"),
    ("Quảng Bình", "Quang Binh"),
    ("Thừa Thiên Huế", "Thua Thien Hue"),
    ("Quảng Nam", "Quang Nam"),
    ("Quảng Ngãi", "Quang Ngai"),
    ("Bình Định", "Binh Dinh"),
    ("Khánh Hòa", "Khanh Hoa"),
    ("Lâm Đồng", "Lam Dong"),
    ("Đắk Lắk", "Dak Lak"),
    ("Gia Lai", "Gia Lai"),
    ("Kon Tum", "Kon Tum"),
    ("Bình Dương", "Binh Duong"),
    ("Đồng Nai", "Dong Nai"),
    ("Bà Rịa - Vũng Tàu", "Ba Ria - Vung Tau"),
    ("Long An", "Long An"),
    ("Tiền Giang", "Tien Giang"),
    ("Bến Tre", "Ben Tre"),
    ("An Giang", "An Giang"),
    ("Kiên Giang", "Kien Giang"),
    ("Cà Mau", "Ca Mau"),
    ("Lào Cai", "Lao Cai"),
    ("Yên Bái", "Yen Bai"),
    ("Sơn La", "Son La"),
    ("Điện Biên", "Dien Bien"),
    ("Hà Giang", "Ha Giang"),
    ("Cao Bằng", "Cao Bang"),
    ("Lạng Sơn", "Lang Son"),
    ("Thái Nguyên", "Thai Nguyen"),
    ("Bắc Ninh", "Bac Ninh"),
    ("Hưng Yên", "Hung Yen"),
    ("Nam Định", "Nam Dinh"),
    ("Ninh Bình", "Ninh Binh"),
];
const MINISTRIES: &[(&str, &str)] = &[
    ("Bộ Y tế", "the Ministry of Health"),
    ("Bộ Tài chính", "the Ministry of Finance"),
    (
        "Bộ Giáo dục và Đào tạo",
        "the Ministry of Education and Training",
    ),
    ("Bộ Công Thương", "the Ministry of Industry and Trade"),
    ("Bộ Giao thông vận tải", "the Ministry of Transport"),
    ("Bộ Xây dựng", "the Ministry of Construction"),
    (
        "Bộ Nông nghiệp và Phát triển nông thôn",
        "the Ministry of Agriculture and Rural Development",
    ),
    (
        "Bộ Tài nguyên và Môi trường",
        "the Ministry of Natural Resources and Environment",
    ),
    (
        "Bộ Kế hoạch và Đầu tư",
        "the Ministry of Planning and Investment",
    ),
    ("Bộ Ngoại giao", "the Ministry of Foreign Affairs"),
    ("Bộ Công an", "the Ministry of Public Security"),
    ("Bộ Tư pháp", "the Ministry of Justice"),
    (
        "Bộ Thông tin và Truyền thông",
        "the Ministry of Information and Communications",
    ),
    (
        "Bộ Lao động - Thương binh và Xã hội",
        "the Ministry of Labour, Invalids and Social Affairs",
    ),
    ("Ngân hàng Nhà nước", "the State Bank"),
    ("Tổng cục Thống kê", "the General Statistics Office"),
];
const TITLES: &[(&str, &str)] = &[
    ("Thủ tướng", "Prime Minister"),
    ("Phó Thủ tướng", "Deputy Prime Minister"),
    ("Chủ tịch nước", "President"),
    ("Chủ tịch Quốc hội", "National Assembly Chairman"),
    ("Bộ trưởng", "Minister"),
    ("Thứ trưởng", "Deputy Minister"),
    (
        "Chủ tịch UBND tỉnh",
        "provincial People's Committee Chairman",
    ),
    ("Bí thư Tỉnh ủy", "provincial Party Secretary"),
    ("Giám đốc Sở", "department director"),
    ("Đại sứ", "Ambassador"),
];
const TOPICS: &[(&str, &str)] = &[
    ("phát triển kinh tế xã hội", "socio-economic development"),
    ("phòng chống thiên tai", "natural disaster prevention"),
    ("chuyển đổi số", "digital transformation"),
    ("cải cách hành chính", "administrative reform"),
    ("an toàn giao thông", "traffic safety"),
    ("bảo vệ môi trường", "environmental protection"),
    (
        "giải ngân vốn đầu tư công",
        "public investment disbursement",
    ),
    ("xây dựng nông thôn mới", "new rural development"),
    ("phòng chống dịch bệnh", "disease prevention"),
    ("thu hút đầu tư nước ngoài", "foreign investment attraction"),
    ("đào tạo nguồn nhân lực", "human resources training"),
    ("phát triển du lịch", "tourism development"),
    ("xuất khẩu nông sản", "agricultural exports"),
    ("quản lý đất đai", "land management"),
    ("chống tham nhũng", "anti-corruption"),
    ("bảo đảm an sinh xã hội", "social security"),
    (
        "phát triển năng lượng tái tạo",
        "renewable energy development",
    ),
    (
        "nâng cấp hạ tầng giao thông",
        "transport infrastructure upgrades",
    ),
];
const GOODS: &[(&str, &str)] = &[
    ("gạo", "rice"),
    ("cà phê", "coffee"),
    ("hồ tiêu", "pepper"),
    ("thủy sản", "seafood"),
    ("điện thoại", "phones"),
    ("dệt may", "textiles"),
    ("gỗ", "timber"),
    ("rau quả", "fruit and vegetables"),
    ("điều", "cashews"),
    ("cao su", "rubber"),
];
const COUNTRIES: &[(&str, &str)] = &[
    ("Nhật Bản", "Japan"),
    ("Hàn Quốc", "South Korea"),
    ("Trung Quốc", "China"),
    ("Hoa Kỳ", "the United States"),
    ("Pháp", "France"),
    ("Đức", "Germany"),
    ("Úc", "Australia"),
    ("Ấn Độ", "India"),
    ("Singapore", "Singapore"),
    ("Lào", "Laos"),
    ("Campuchia", "Cambodia"),
    ("Thái Lan", "Thailand"),
    ("Anh", "the United Kingdom"),
    ("Canada", "Canada"),
];
const WEEKDAYS: &[(&str, &str)] = &[
    ("sáng", "On the morning of"),
    ("chiều", "On the afternoon of"),
    ("tối", "On the evening of"),
];

/// One sentence pair from a template with random slot values.
fn sentence(r: &mut Rng) -> (String, String) {
    let name = format!("{} {} {}", r.pick(FAMILY), r.pick(MIDDLE), r.pick(GIVEN));
    let (pv, pe) = *r.pick(PROVINCES);
    let (p2v, p2e) = *r.pick(PROVINCES);
    let (mv, me) = *r.pick(MINISTRIES);
    let (tv, te) = *r.pick(TITLES);
    let (topv, tope) = *r.pick(TOPICS);
    let (gv, ge) = *r.pick(GOODS);
    let (cv, ce) = *r.pick(COUNTRIES);
    let (wv, we) = *r.pick(WEEKDAYS);
    let day = 1 + r.below(28);
    let month = 1 + r.below(12);
    let year = 2015 + r.below(11);
    let n = 2 + r.below(998);
    let pct_i = r.below(15);
    let pct_f = r.below(100);
    let big = 1 + r.below(900);
    let nth = 2 + r.below(30);
    match r.below(24) {
        0 => (format!("{} {day}/{month}, {tv} {name} đã chủ trì hội nghị trực tuyến về {topv} với các địa phương.", capital(wv)),
              format!("{we} {month}/{day}, {te} {name} chaired an online conference on {tope} with localities.")),
        1 => (format!("Theo {mv}, trong {month} tháng đầu năm {year}, cả nước đã ghi nhận {n} trường hợp vi phạm."),
              format!("According to {me}, in the first {month} months of {year}, the country recorded {n} violations.")),
        2 => (format!("Kim ngạch xuất khẩu {gv} sang {cv} năm {year} đạt {big} triệu USD, tăng {pct_i},{pct_f:02}% so với năm trước."),
              format!("Exports of {ge} to {ce} in {year} reached {big} million USD, up {pct_i}.{pct_f:02}% from the previous year.")),
        3 => (format!("Ông {name}, {tv}, cho biết tỉnh {pv} sẽ tập trung vào {topv} trong thời gian tới."),
              format!("Mr {name}, {te}, said {pe} province will focus on {tope} in the coming time.")),
        4 => (format!("Mưa lớn kéo dài khiến {n} ngôi nhà tại {pv} bị ngập, {nth} tuyến đường bị chia cắt."),
              format!("Prolonged heavy rain flooded {n} houses in {pe} and cut off {nth} roads.")),
        5 => (format!("Tăng trưởng GDP của {pv} năm {year} ước đạt {pct_i},{pct_f:02}%, cao hơn mức bình quân cả nước."),
              format!("{pe}'s GDP growth in {year} is estimated at {pct_i}.{pct_f:02}%, higher than the national average.")),
        6 => (format!("{mv} vừa ban hành hướng dẫn mới về {topv}, có hiệu lực từ ngày {day}/{month}/{year}."),
              format!("{} has just issued new guidance on {tope}, effective from {month}/{day}/{year}.", capital(me))),
        7 => (format!("Đoàn công tác của {mv} do {tv} {name} dẫn đầu đã làm việc với lãnh đạo tỉnh {pv}."),
              format!("A delegation of {me} led by {te} {name} worked with the leaders of {pe} province.")),
        8 => (format!("Đại hội Đảng bộ tỉnh {pv} lần thứ {nth} đã bầu ông {name} làm Bí thư Tỉnh ủy."),
              format!("The {nth}th Congress of the {pe} Provincial Party Committee elected Mr {name} as provincial Party Secretary.")),
        9 => (format!("{tv} {name} đã tiếp Đại sứ {cv} tại Việt Nam nhân dịp kết thúc nhiệm kỳ công tác."),
              format!("{te} {name} received the Ambassador of {ce} to Vietnam on the occasion of the end of his term.")),
        10 => (format!("Dự án cao tốc nối {pv} với {p2v} có tổng vốn đầu tư khoảng {big}.000 tỷ đồng."),
               format!("The expressway project connecting {pe} and {p2e} has a total investment of about {big},000 billion VND.")),
        11 => (format!("Lực lượng chức năng tỉnh {pv} đã bắt giữ {nth} đối tượng liên quan đến đường dây buôn lậu {gv}."),
               format!("Authorities in {pe} province arrested {nth} suspects linked to a {ge} smuggling ring.")),
        12 => (format!("Trong năm {year}, {pv} đón khoảng {big} nghìn lượt khách du lịch quốc tế, chủ yếu từ {cv}."),
               format!("In {year}, {pe} welcomed about {big} thousand international visitors, mainly from {ce}.")),
        13 => (format!("Hội nghị lần thứ {nth} Ban Chấp hành Trung ương đã thảo luận về {topv} và công tác cán bộ."),
               format!("The {nth}th plenum of the Central Committee discussed {tope} and personnel work.")),
        14 => (format!("Giá {gv} trong nước hôm nay tăng {n}.000 đồng/kg, lên mức cao nhất kể từ tháng {month}/{year}."),
               format!("Domestic {ge} prices rose by {n},000 VND/kg today, the highest level since {month}/{year}.")),
        15 => (format!("{tv} {name} phát biểu tại diễn đàn hợp tác Việt Nam - {cv} về {topv}."),
               format!("{te} {name} spoke at the Vietnam - {ce} cooperation forum on {tope}.")),
        16 => (format!("Bệnh viện đa khoa tỉnh {pv} đã tiếp nhận {n} ca bệnh trong tuần qua, tăng {nth} ca so với tuần trước."),
               format!("{pe} General Hospital received {n} patients last week, {nth} more than the week before.")),
        17 => (format!("Ngân hàng Nhà nước quyết định giảm lãi suất điều hành {pct_i},{pct_f:02} điểm phần trăm từ ngày {day}/{month}."),
               format!("The State Bank decided to cut policy rates by {pct_i}.{pct_f:02} percentage points from {month}/{day}.")),
        18 => (format!("UBND tỉnh {pv} yêu cầu các sở, ngành khẩn trương triển khai kế hoạch {topv} năm {year}."),
               format!("The {pe} People's Committee asked departments to urgently implement the {year} plan for {tope}.")),
        19 => (format!("Theo Tổng cục Thống kê, chỉ số giá tiêu dùng tháng {month}/{year} tăng {pct_i},{pct_f:02}% so với cùng kỳ."),
               format!("According to the General Statistics Office, the consumer price index in {month}/{year} rose {pct_i}.{pct_f:02}% year on year.")),
        20 => (format!("Cơn bão số {nth} đã đổ bộ vào {pv} với sức gió mạnh cấp {}, giật cấp {}.", 8 + r.below(5), 10 + r.below(5)),
               format!("Storm No. {nth} made landfall in {pe} with strong winds.")),
        21 => (format!("{tv} {name} đề nghị {mv} phối hợp với {p2v} tháo gỡ vướng mắc về {topv}."),
               format!("{te} {name} asked {me} to work with {p2e} to remove obstacles to {tope}.")),
        22 => {
            let k = r.below(1000);
            (format!("Kỳ thi tốt nghiệp THPT năm {year} tại {pv} có {n}.{k:03} thí sinh đăng ký dự thi."),
             format!("The {year} high school graduation exam in {pe} had {n},{k:03} registered candidates."))
        }
        _ => (format!("Sáng nay, Quốc hội đã biểu quyết thông qua Luật sửa đổi về {topv} với {n} đại biểu tán thành."),
              format!("This morning, the National Assembly passed the amended law on {tope} with {n} deputies in favour.")),
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A query near a stored sentence: a word dropped, a number changed, or a slot swapped.
fn perturb(r: &mut Rng, s: &str) -> String {
    let words: Vec<&str> = s.split(' ').collect();
    match r.below(3) {
        0 if words.len() > 4 => {
            let k = 1 + r.below(words.len() - 2);
            words
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != k)
                .map(|(_, w)| *w)
                .collect::<Vec<_>>()
                .join(" ")
        }
        1 => {
            let mut out = String::new();
            let mut changed = false;
            for w in words {
                if !changed && w.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                    out.push_str(&(r.below(9000) + 1).to_string());
                    changed = true;
                } else {
                    out.push_str(w);
                }
                out.push(' ');
            }
            out.trim_end().to_string()
        }
        _ => {
            let mut w: Vec<String> = words.iter().map(|s| s.to_string()).collect();
            let k = r.below(w.len());
            w[k] = r.pick(GIVEN).to_string();
            w.join(" ")
        }
    }
}

/// CPU time of this thread in ms: unlike wall time, not inflated by other processes on a
/// shared machine.
fn thread_cpu_ms() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec we pass.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    t.tv_sec as f64 * 1000.0 + t.tv_nsec as f64 / 1e6
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn bench_size(dir: &Path, size: usize) {
    let path = dir.join(format!("tm-{size}.sqlite"));
    let tm = Tm::open(&path).unwrap();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ size as u64);
    let mut kept: Vec<String> = Vec::new();
    let t0 = Instant::now();
    let mut added = 0usize;
    while added < size {
        let mut w = tm.writer().unwrap();
        for _ in 0..50_000.min(size - added) {
            let (vi, en) = sentence(&mut rng);
            if rng.below(size / 500 + 1) == 0 {
                kept.push(vi.clone());
            }
            w.add(&Unit::new("vi", "en", &vi, &en), Duplicates::KeepBoth)
                .unwrap();
            added += 1;
        }
        w.commit().unwrap();
    }
    let build = t0.elapsed().as_secs_f64();
    let units = tm.len().unwrap();
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);

    // 1000 queries: half near a stored sentence, half new sentences.
    let mut queries = Vec::new();
    for i in 0..1000 {
        if i % 2 == 0 && !kept.is_empty() {
            let s = kept[rng.below(kept.len())].clone();
            queries.push(perturb(&mut rng, &s));
        } else {
            queries.push(sentence(&mut rng).0);
        }
    }
    let opts = MatchOptions::default();
    for q in queries.iter().take(100) {
        tm.lookup(&Query::new(q, "vi", "en"), &opts).unwrap();
    }
    let mut times = Vec::with_capacity(queries.len());
    let mut cpu_times = Vec::with_capacity(queries.len());
    let (mut hits, mut transfers) = (0, 0);
    for q in &queries {
        let t = Instant::now();
        let c = thread_cpu_ms();
        let found = tm.lookup(&Query::new(q, "vi", "en"), &opts).unwrap();
        cpu_times.push(thread_cpu_ms() - c);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        hits += usize::from(!found.is_empty());
        transfers += usize::from(
            found
                .first()
                .is_some_and(|m| m.kind == MatchKind::NumberTransfer),
        );
    }
    times.sort_by(f64::total_cmp);
    cpu_times.sort_by(f64::total_cmp);
    let recall = recall(&tm, &path, &queries[..100]);
    println!(
        "| {size:>9} | {units:>9} | {:>7.0} | {:>6.1} MB | {:>5.2} / {:>5.2} | {:>5.2} / {:>5.2} | {:>5.2} / {:>5.2} | {:>4} / {} ({} number-transfer) | {recall} |",
        units as f64 / build,
        bytes as f64 / 1e6,
        percentile(&cpu_times, 0.5),
        percentile(&times, 0.5),
        percentile(&cpu_times, 0.95),
        percentile(&times, 0.95),
        percentile(&cpu_times, 0.99),
        percentile(&times, 0.99),
        hits,
        queries.len(),
        transfers,
    );
}

/// How often the index finds the best fuzzy match that an exhaustive scan finds (queries whose
/// best match reaches 75).
fn recall(tm: &Tm, path: &Path, queries: &[String]) -> String {
    use vibrief::tm::tokens::{token_hashes, tokenize};
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn.prepare("SELECT source_key FROM units").unwrap();
    let all: Vec<Vec<u64>> = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|k| {
            let k = k.unwrap();
            token_hashes(&k, &tokenize(&k))
        })
        .collect();
    let opts = MatchOptions {
        max: 50,
        ..MatchOptions::default()
    };
    let (mut relevant, mut found) = (0, 0);
    for q in queries {
        let key = vibrief::text::normalize::key(q);
        let qh = token_hashes(&key, &tokenize(&key));
        let best = all
            .iter()
            .map(|h| vibrief::tm::matcher::fuzzy::similarity(&qh, h))
            .max()
            .unwrap_or(0);
        if best < 75 {
            continue;
        }
        relevant += 1;
        let got = tm.lookup(&Query::new(q, "vi", "en"), &opts).unwrap();
        found += usize::from(got.iter().map(|m| m.similarity).max() == Some(best));
    }
    format!("{found}/{relevant}")
}

fn bench_import(dir: &Path) {
    let src = Tm::open(&dir.join("import-src.sqlite")).unwrap();
    let mut rng = Rng(7);
    let mut w = src.writer().unwrap();
    for _ in 0..100_000 {
        let (vi, en) = sentence(&mut rng);
        w.add(&Unit::new("vi", "en", &vi, &en), Duplicates::KeepBoth)
            .unwrap();
    }
    w.commit().unwrap();
    let tmx = dir.join("100k.tmx");
    let t = Instant::now();
    let n = src
        .export_tmx(
            std::io::BufWriter::new(std::fs::File::create(&tmx).unwrap()),
            &tmx,
            &UnitFilter::default(),
        )
        .unwrap();
    let export = t.elapsed().as_secs_f64();
    let size = std::fs::metadata(&tmx).unwrap().len();
    let dst = Tm::open(&dir.join("import-dst.sqlite")).unwrap();
    let t = Instant::now();
    let report = dst
        .import_tmx(&tmx, &ImportOptions::default(), &mut |_| {})
        .unwrap();
    let import = t.elapsed().as_secs_f64();
    println!(
        "TMX: {n} units ({:.1} MB): export {:.0} units/s, import {:.0} units/s ({} added)",
        size as f64 / 1e6,
        n as f64 / export,
        report.tus as f64 / import,
        report.added
    );
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![10_000, 100_000]
    } else {
        sizes
    };
    let dir = tempfile::tempdir_in(
        std::env::var("TM_BENCH_DIR")
            .unwrap_or_else(|_| std::env::temp_dir().display().to_string()),
    )
    .unwrap();
    let mut rng = Rng(1);
    for _ in 0..3 {
        let (vi, en) = sentence(&mut rng);
        println!("sample: {vi}\n        {en}");
    }
    println!("| TM units | stored | add rate (units/s) | file | p50 ms (cpu / wall) | p95 ms | p99 ms | queries with a match | best match found (vs. full scan) |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---|---|");
    for size in sizes {
        bench_size(dir.path(), size);
    }
    if std::env::args().all(|a| a != "--no-import") {
        bench_import(dir.path());
    }
}
