//! `text` (中文命名实体): Chinese sentences for `spans`, built from templates and lexicons of
//! names, places, organisations, dates and amounts, so every entity's offsets are known as the
//! text is written. Harder levels bring longer texts, titles next to names, nested-looking names
//! (a city inside a company's name), adjacent entities, numbers that are not money, vague time
//! words and ordinary words that begin with a surname.

use serde_json::{Value, json};

use super::TextScene;
use super::rng::Rng;

/// Bumped whenever the same seed would write a different text.
pub const GENERATOR_VERSION: u32 = 1;

/// The labels, in picker order.
pub const LABELS: [&str; 5] = ["PER", "LOC", "ORG", "TIME", "MONEY"];

/// The annotation specification (标注规范); the gold follows it exactly.
pub const SPEC: &str = "\
【任务】中文命名实体识别：在文本中标出下列实体。偏移按字符计，起点含、终点不含。
【标签】PER 人名；LOC 地名；ORG 机构名；TIME 时间；MONEY 金额。
1. PER：人的姓名（含复姓），不含职务和称谓：“张伟经理”只标“张伟”。
2. LOC：地名，含国家、省、市、区、街道和山川湖泊；连在一起的多级地名（如“浙江省杭州市西湖区”）整体标为一个 LOC。
3. ORG：机构的完整名称（公司、学校、医院、政府部门、商店），含“有限公司”“集团”等后缀。
4. TIME：能确定的日期或时刻，含年、月、日、星期、钟点，以及“昨天”“明年”“下周一”这类说法；\
连在一起的日期和时刻（如“3月5日下午3点”）整体标为一个 TIME。“最近”“当时”“以前”“不久前”“近年来”等泛指的时间词不标。
5. MONEY：金额，数字连同货币单位一起标（如“3.5万元”“人民币200万元”“800美元”）；不是钱的数量（“3.5万人”“30吨”“20%”）不标。
6. 嵌套时只标最外层：机构名里的地名（“杭州星辰科技有限公司”中的“杭州”）、地名里的地名（“南京路”中的“南京”）不另外标注。
7. 以姓氏用字开头的普通词语（如“高兴”“马上”“周到”）不是人名，不标。
8. 标点符号不包含在实体内。";

pub(crate) const SURNAMES: [&str; 60] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "田", "董", "潘", "袁", "蔡", "蒋", "余", "杜", "叶", "程", "魏", "苏", "吕", "丁", "任", "沈",
    "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "廖", "欧阳", "司马",
];

const GIVEN: [&str; 48] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "超",
    "霞", "刚", "飞", "鹏", "宇", "浩", "凯", "婷", "雪", "琳", "晨", "欣", "秀英", "建华", "志强",
    "海燕", "晓明", "文博", "子涵", "一鸣", "思远", "雨桐", "俊杰", "嘉怡", "红梅", "建国", "晓燕",
    "立新", "梦琪", "浩然", "子轩", "宏伟",
];

/// Full names that are also place names or common words: never generated.
const NOT_NAMES: [&str; 6] = ["高明", "金华", "龙华", "武强", "江华", "方正"];

const CITIES: [&str; 24] = [
    "北京",
    "上海",
    "广州",
    "深圳",
    "杭州",
    "南京",
    "武汉",
    "成都",
    "西安",
    "重庆",
    "天津",
    "苏州",
    "长沙",
    "郑州",
    "青岛",
    "厦门",
    "昆明",
    "合肥",
    "济南",
    "沈阳",
    "哈尔滨",
    "福州",
    "宁波",
    "大连",
];

const PROVINCES: [&str; 10] = [
    "广东省",
    "浙江省",
    "江苏省",
    "四川省",
    "湖北省",
    "山东省",
    "河南省",
    "福建省",
    "湖南省",
    "云南省",
];

/// Province, city, district: real combinations.
const FULL_PLACES: [(&str, &str, &str); 12] = [
    ("浙江省", "杭州市", "西湖区"),
    ("广东省", "广州市", "天河区"),
    ("广东省", "深圳市", "南山区"),
    ("四川省", "成都市", "武侯区"),
    ("陕西省", "西安市", "雁塔区"),
    ("江苏省", "南京市", "鼓楼区"),
    ("湖北省", "武汉市", "洪山区"),
    ("山东省", "青岛市", "市南区"),
    ("福建省", "厦门市", "思明区"),
    ("湖南省", "长沙市", "岳麓区"),
    ("", "北京市", "海淀区"),
    ("", "上海市", "浦东新区"),
];

const STREETS: [&str; 6] = ["南京路", "中山路", "解放路", "人民路", "长安街", "淮海路"];
const SCENIC: [&str; 8] = [
    "西湖",
    "黄山",
    "泰山",
    "洞庭湖",
    "九寨沟",
    "鼓浪屿",
    "峨眉山",
    "漓江",
];
const BRANDS: [&str; 12] = [
    "星辰", "华远", "宏达", "嘉禾", "明德", "瑞丰", "启航", "蓝海", "恒通", "鼎盛", "新锐", "云帆",
];
const INDUSTRIES: [&str; 8] = [
    "科技", "物流", "食品", "建设", "医药", "传媒", "电子", "贸易",
];
const UNIVERSITIES: [&str; 6] = [
    "北京大学",
    "清华大学",
    "复旦大学",
    "浙江大学",
    "武汉大学",
    "中山大学",
];
const SHOPS: [&str; 4] = ["超市", "书店", "餐厅", "药店"];
const TITLES_BIZ: [&str; 4] = ["经理", "总经理", "董事长", "主任"];
const TITLES_ACAD: [&str; 3] = ["教授", "院长", "老师"];
const JOBS: [&str; 4] = ["工程师", "会计", "设计师", "销售经理"];
const VAGUE: [&str; 6] = ["最近", "当时", "以前", "不久前", "近年来", "这段时间"];
const RELATIVE: [&str; 9] = [
    "昨天",
    "今天",
    "明天",
    "下周一",
    "上周五",
    "去年",
    "今年",
    "明年",
    "上个月",
];
const CN_NUM: [&str; 6] = ["三", "五", "十", "二十", "五十", "一百"];

// Templates by difficulty group. `{X}` is a slot:
// entities — PER; LOC, LOCFULL, STREET, SCENIC (LOC); ORG, ORGLOC, UNI, BUREAU, STATS, SERVICE,
// HOSPITAL, SHOP (ORG); TIME, DATE, YEAR, REL (TIME); MONEYS, MONEYM, MONEYL (MONEY);
// plain text — TBIZ, TACAD, JOB (titles), PEOPLE, POP, VISITS, STAFF, WEIGHT (numbers that are not
// money; POP a city's population), VAGUE (vague time words), PCT.
// A name is never followed directly by a relative date ("张伟明天" could be read "张伟明/天").
const T_EASY: [&str; 7] = [
    "{REL}，{PER}去了{LOC}。",
    "{TIME}，{PER}在{LOC}参加了一场会议。",
    "{PER}和{PER}{DATE}一起游览了{SCENIC}。",
    "{PER}出生在{LOC}，后来在{LOC}读书。",
    "{REL}{LOC}下了一场大雨。",
    "{PER}打算{DATE}回{LOC}看望父母。",
    "{DATE}，{PER}从{LOC}坐火车到了{LOC}。",
];
const T_BASIC: [&str; 7] = [
    "{PER}在{ORG}工作，每月工资{MONEYS}。",
    "{ORG}于{DATE}在{LOC}开设了新门店。",
    "{DATE}，{ORG}向{LOC}的学校捐赠了{MONEYM}。",
    "{PER}花{MONEYS}买了一台电脑。",
    "{ORG}宣布将投资{MONEYL}建设新工厂。",
    "{REL}，{PER}去{SERVICE}办理了手续。",
    "{PER}在{UNI}学习，{YEAR}毕业。",
];
const T_MID: [&str; 6] = [
    "{PER}{TBIZ}表示，{ORG}{YEAR}的销售额达到{MONEYL}。",
    "{TIME}，{ORGLOC}在{LOCFULL}举行了新闻发布会。",
    "{PER}{TBIZ}带领团队来到{STREET}的门店调研。",
    "据{STATS}数据，{YEAR}{LOC}共接待游客{VISITS}。",
    "{PER}从{UNI}毕业后，进入{ORGLOC}担任{JOB}。",
    "{BUREAU}{DATE}公布了新的规定，{PER}{TBIZ}对此进行了解读。",
];
const T_HARD: [&str; 6] = [
    "{ORG}{PER}透露，公司{REL}计划招聘{STAFF}，预计投入{MONEYL}。",
    "{PER}、{PER}和{PER}{TIME}在{LOCFULL}会面。",
    "{VAGUE}，{PER}在{STREET}租下一间办公室，年租金{MONEYM}。",
    "这批货物共{WEIGHT}，{DATE}从{LOC}运抵{LOC}。",
    "{VAGUE}，{ORGLOC}的营业额增长了{PCT}，达到{MONEYL}。",
    "{TIME}，{PER}{TACAD}在{UNI}作了报告，听众超过{PEOPLE}。",
];
const T_TRICKY: [&str; 7] = [
    "大家听说{PER}将于{DATE}来{LOC}，都很高兴。",
    "{ORG}负责人{PER}表示，{VAGUE}原材料价格上涨了{PCT}，{DATE}起产品售价上调为{MONEYS}。",
    "{PER}马上把{MONEYM}的货款转给了{ORGLOC}。",
    "{STREET}上新开的{SHOP}服务周到，{PER}{DATE}在那里消费了{MONEYS}。",
    "{STATS}{DATE}发布的报告显示，全市常住人口已超过{PEOPLE}。",
    "{PER}{TBIZ}说，{VAGUE}{LOCFULL}的房价比{YEAR}低了{PCT}。",
    "{HOSPITAL}的{PER}{TACAD}{DATE}在{LOC}义诊，为{PEOPLE}提供了服务。",
];

struct Writer {
    text: String,
    len: usize,
    spans: Vec<(usize, usize, &'static str)>,
}

impl Writer {
    fn lit(&mut self, s: &str) {
        self.text.push_str(s);
        self.len += s.chars().count();
    }

    fn ent(&mut self, label: &'static str, s: &str) {
        let start = self.len;
        self.lit(s);
        self.spans.push((start, self.len, label));
    }
}

fn person(rng: &mut Rng, used: &mut Vec<String>) -> String {
    loop {
        let n = format!("{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN));
        if !NOT_NAMES.contains(&n.as_str()) && !used.contains(&n) {
            used.push(n.clone());
            return n;
        }
    }
}

fn date(rng: &mut Rng) -> String {
    let (y, m, d) = (rng.int(2018, 2026), rng.int(1, 12), rng.int(1, 28));
    match rng.index(3) {
        0 => format!("{y}年{m}月{d}日"),
        1 => format!("{m}月{d}日"),
        _ => format!("{y}年{m}月"),
    }
}

/// A clock time with its part of the day (上午 8–11, 下午 1–5, 晚上 7–10 o'clock).
fn clock(rng: &mut Rng) -> String {
    let (part, lo, hi) = *rng.pick(&[("上午", 8, 11), ("下午", 1, 5), ("晚上", 7, 10)]);
    format!("{part}{}点", rng.int(lo, hi))
}

fn time(rng: &mut Rng) -> String {
    let (m, d) = (rng.int(1, 12), rng.int(1, 28));
    match rng.index(3) {
        0 => date(rng),
        1 => clock(rng),
        _ => format!("{m}月{d}日{}", clock(rng)),
    }
}

fn money(rng: &mut Rng, size: u8) -> String {
    match (size, rng.index(3)) {
        (0, 0) => format!("{}元", rng.int(120, 9800)),
        (0, 1) => format!("{}美元", rng.int(100, 2000)),
        (0, _) => format!("{}元", rng.int(3, 60) * 100),
        (1, 0) => format!("{}.{}万元", rng.int(1, 99), rng.int(1, 9)),
        (1, 1) => format!("人民币{}万元", rng.int(5, 500)),
        (1, _) => format!("{}万元", rng.pick(&CN_NUM)),
        (_, 0) => format!("{}亿元", rng.int(2, 30)),
        (_, 1) => format!("人民币{}万元", rng.int(600, 9000)),
        _ => format!("{}.{}亿元", rng.int(1, 9), rng.int(1, 9)),
    }
}

fn org(rng: &mut Rng) -> String {
    match rng.index(3) {
        0 => format!("{}{}有限公司", rng.pick(&BRANDS), rng.pick(&INDUSTRIES)),
        1 => format!("{}集团", rng.pick(&BRANDS)),
        _ => format!("{}{}股份有限公司", rng.pick(&BRANDS), rng.pick(&INDUSTRIES)),
    }
}

/// The text of one slot: (entity label or None, text).
fn slot(rng: &mut Rng, name: &str, used: &mut Vec<String>) -> (Option<&'static str>, String) {
    let city = |rng: &mut Rng| rng.pick(&CITIES).to_string();
    match name {
        "PER" => (Some("PER"), person(rng, used)),
        "LOC" => {
            let s = match rng.index(4) {
                0 => format!("{}市", city(rng)),
                1 => rng.pick(&PROVINCES).to_string(),
                _ => city(rng),
            };
            (Some("LOC"), s)
        }
        "LOCFULL" => {
            let (p, c, d) = *rng.pick(&FULL_PLACES);
            (
                Some("LOC"),
                if rng.chance(0.5) {
                    format!("{p}{c}{d}")
                } else {
                    format!("{p}{c}")
                },
            )
        }
        "STREET" => (Some("LOC"), rng.pick(&STREETS).to_string()),
        "SCENIC" => (Some("LOC"), rng.pick(&SCENIC).to_string()),
        "ORG" => (Some("ORG"), org(rng)),
        "ORGLOC" => (Some("ORG"), format!("{}{}", city(rng), org(rng))),
        "UNI" => (Some("ORG"), rng.pick(&UNIVERSITIES).to_string()),
        "BUREAU" => {
            let c = city(rng);
            (
                Some("ORG"),
                format!("{c}市{}", rng.pick(&["教育局", "统计局", "市场监督管理局"])),
            )
        }
        "STATS" => (Some("ORG"), format!("{}市统计局", city(rng))),
        "SERVICE" => (Some("ORG"), format!("{}市政务服务中心", city(rng))),
        "HOSPITAL" => (Some("ORG"), format!("{}市第一人民医院", city(rng))),
        "SHOP" => (
            Some("ORG"),
            format!("{}{}", rng.pick(&BRANDS), rng.pick(&SHOPS)),
        ),
        "TIME" => (Some("TIME"), time(rng)),
        "DATE" => (Some("TIME"), date(rng)),
        "YEAR" => (Some("TIME"), format!("{}年", rng.int(2018, 2025))),
        "REL" => (Some("TIME"), rng.pick(&RELATIVE).to_string()),
        "MONEYS" => (Some("MONEY"), money(rng, 0)),
        "MONEYM" => (Some("MONEY"), money(rng, 1)),
        "MONEYL" => (Some("MONEY"), money(rng, 2)),
        "TBIZ" => (None, rng.pick(&TITLES_BIZ).to_string()),
        "TACAD" => (None, rng.pick(&TITLES_ACAD).to_string()),
        "JOB" => (None, rng.pick(&JOBS).to_string()),
        "PEOPLE" => {
            let s = if rng.chance(0.5) {
                format!("{}.{}万人", rng.int(1, 99), rng.int(1, 9))
            } else {
                format!("{}人", rng.int(30, 900))
            };
            (None, s)
        }
        "VISITS" => (None, format!("{}万人次", rng.int(2, 300))),
        "POP" => (None, format!("{}万人", rng.int(150, 2200))),
        "STAFF" => (None, format!("{}名员工", rng.int(20, 900))),
        "WEIGHT" => (None, format!("{}吨", rng.int(3, 900))),
        "VAGUE" => (None, rng.pick(&VAGUE).to_string()),
        "PCT" => (None, format!("{}%", rng.int(2, 60))),
        other => (None, other.to_string()),
    }
}

fn fill(w: &mut Writer, rng: &mut Rng, template: &str, used: &mut Vec<String>) {
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        w.lit(&rest[..i]);
        let j = rest[i..].find('}').map(|j| i + j).unwrap_or(rest.len() - 1);
        let name = &rest[i + 1..j];
        // The same name or place twice in one text reads oddly: draw again.
        let mut tries = 0;
        let (label, s) = loop {
            let (l, s) = slot(rng, name, used);
            tries += 1;
            if l.is_none() || l == Some("PER") || !used.contains(&s) || tries > 20 {
                break (l, s);
            }
        };
        match label {
            Some(l) => {
                if l != "PER" {
                    used.push(s.clone());
                }
                w.ent(l, &s);
            }
            None => w.lit(&s),
        }
        rest = &rest[j + 1..];
    }
    w.lit(rest);
}

/// Generates a text scene.
pub(crate) fn generate(level: u8, seed: u64) -> TextScene {
    let mut rng = Rng::new("text", level, seed);
    let (n, pools): (i64, &[&[&str]]) = match level {
        5 => (1, &[&T_EASY]),
        4 => (rng.int(1, 2), &[&T_EASY, &T_BASIC]),
        3 => (2, &[&T_BASIC, &T_MID]),
        2 => (rng.int(2, 3), &[&T_MID, &T_HARD]),
        _ => (rng.int(3, 4), &[&T_MID, &T_HARD, &T_TRICKY]),
    };
    let mut w = Writer {
        text: String::new(),
        len: 0,
        spans: Vec::new(),
    };
    let mut used = Vec::new();
    let mut last: Vec<&str> = Vec::new();
    for k in 0..n {
        // Harder pools first for the later sentences; never the same template twice.
        let pool = pools[(k as usize)
            .min(pools.len() - 1)
            .max(rng.index(pools.len()))];
        let t = loop {
            let t = *rng.pick(pool);
            if !last.contains(&t) {
                break t;
            }
        };
        last.push(t);
        fill(&mut w, &mut rng, t, &mut used);
    }
    let gold: Vec<Value> = w
        .spans
        .iter()
        .map(|&(s, e, l)| json!({"label": l, "start": s, "end": e}))
        .collect();
    TextScene {
        text: w.text,
        gold,
        spec: SPEC.to_string(),
        labels: LABELS.to_vec(),
        params: json!({"metric": "f1"}),
    }
}
