use std::collections::BTreeMap;

use super::*;

/// The shipped text with `from` replaced by `to`; panics unless `from` occurs exactly once, so a
/// test never silently edits nothing.
fn shipped_with(from: &str, to: &str) -> String {
    assert_eq!(
        SHIPPED_TOML.matches(from).count(),
        1,
        "{from:?} must occur exactly once in curriculum.toml"
    );
    SHIPPED_TOML.replacen(from, to, 1)
}

fn problems(text: &str) -> Vec<String> {
    match load(text) {
        Err(CurriculumError::Invalid(p)) => p,
        Err(other) => panic!("expected validation problems, got {other}"),
        Ok(_) => panic!("expected validation problems, but the curriculum loaded"),
    }
}

/// Validation problems of a modified copy of the shipped curriculum.
fn problems_after(edit: impl FnOnce(&mut Curriculum)) -> Vec<String> {
    let mut c = shipped().clone();
    edit(&mut c);
    validate::validate(&c)
}

fn assert_has(problems: &[String], expected: &str) {
    assert!(
        problems.iter().any(|p| p.contains(expected)),
        "expected a problem containing {expected:?}, got {problems:#?}"
    );
}

fn map(pairs: &[(&str, u32)]) -> BTreeMap<String, u32> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

fn level_mut(c: &mut Curriculum, n: u8) -> &mut LevelSpec {
    c.levels.iter_mut().find(|l| l.number == n).unwrap()
}

#[test]
fn shipped_file_loads() {
    let c = load(SHIPPED_TOML).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(&c, shipped());
    assert_eq!(c.occupation.code, "4-04-05-05");
    assert_eq!(c.occupation.name, "人工智能训练师");
    assert_eq!(
        c.job_types
            .iter()
            .map(|j| j.name.as_str())
            .collect::<Vec<_>>(),
        ["数据标注员", "人工智能算法测试员"]
    );
    let names: Vec<_> = c
        .levels
        .iter()
        .map(|l| (l.number, l.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            (5, "五级/初级工"),
            (4, "四级/中级工"),
            (3, "三级/高级工"),
            (2, "二级/技师"),
            (1, "一级/高级技师")
        ]
    );
    // Skill counts per level, counted by hand in helpers/skill-codes.md:
    // L5 2+2+2+2+2+1 = 11, L4 3+2+3+3+2+2 = 15, L3 3+2+2+5+3+2+2+2 = 21, L2 1+1+2+2+2+1+2+1 = 12,
    // L1 2+2+1+2+1+1 = 9; basic 2+3 = 5.
    let counts: Vec<_> = LEVELS
        .iter()
        .map(|&n| c.level(n).unwrap().skills().count())
        .collect();
    assert_eq!(counts, [11, 15, 21, 12, 9]);
    assert_eq!(
        c.basic.works.iter().map(|w| w.skills.len()).sum::<usize>(),
        5
    );
    // Functions: three at levels 5 and 4, four at 3, 2 and 1.
    let functions: Vec<_> = LEVELS
        .iter()
        .map(|&n| c.level(n).unwrap().functions.len())
        .collect();
    assert_eq!(functions, [3, 3, 4, 4, 4]);
}

#[test]
fn shipped_codes_are_exactly_those_of_skill_codes_md() {
    let expected: [(u8, &[&str]); 5] = [
        (
            5,
            &[
                "1.1.1", "1.1.2", "1.2.1", "1.2.2", "2.1.1", "2.1.2", "2.2.1", "2.2.2", "3.1.1",
                "3.1.2", "3.2.1",
            ],
        ),
        (
            4,
            &[
                "1.1.1", "1.1.2", "1.1.3", "1.2.1", "1.2.2", "2.1.1", "2.1.2", "2.1.3", "2.2.1",
                "2.2.2", "2.2.3", "3.1.1", "3.1.2", "3.2.1", "3.2.2",
            ],
        ),
        (
            3,
            &[
                "1.1.1", "1.1.2", "1.1.3", "1.2.1", "1.2.2", "2.1.1", "2.1.2", "2.2.1", "2.2.2",
                "2.2.3", "2.2.4", "2.2.5", "3.1.1", "3.1.2", "3.1.3", "3.2.1", "3.2.2", "4.1.1",
                "4.1.2", "4.2.1", "4.2.2",
            ],
        ),
        (
            2,
            &[
                "1.1.1", "1.2.1", "2.1.1", "2.1.2", "2.2.1", "2.2.2", "3.1.1", "3.1.2", "3.2.1",
                "4.1.1", "4.1.2", "4.2.1",
            ],
        ),
        (
            1,
            &[
                "1.1.1", "1.1.2", "2.1.1", "2.1.2", "2.2.1", "3.1.1", "3.1.2", "4.1.1", "4.2.1",
            ],
        ),
    ];
    let basic = ["0.1.1", "0.1.2", "0.2.1", "0.2.2", "0.2.3"];
    for (n, codes) in expected {
        let got: Vec<&str> = shipped()
            .all_skills(n)
            .iter()
            .map(|s| s.code.as_str())
            .collect();
        let want: Vec<&str> = basic.iter().chain(codes).copied().collect();
        assert_eq!(got, want, "level {n}");
    }
    // A few texts, verbatim from the standard.
    let c = shipped();
    assert_eq!(
        c.skill(5, "2.1.2").unwrap().text,
        "能根据标注规范和要求，完成文本、视觉、语音数据标注"
    );
    assert_eq!(
        c.skill(4, "2.2.1").unwrap().text,
        "能完成标注数据准确性和完整性审核，输出审核报告"
    );
    assert_eq!(c.skill(3, "2.2.4").unwrap().text, "测试结果分析与报告编写");
    assert_eq!(c.skill(5, "2.1.2").unwrap().source, Source::Verbatim);
    assert_eq!(c.skill(5, "3.2.1").unwrap().source, Source::Assumed);
    assert_eq!(c.skill(3, "2.2.4").unwrap().source, Source::OfficialOutline);
    assert_eq!(c.skill(1, "2.1.1").unwrap().source, Source::Assumed);
}

#[test]
fn every_shipped_weight_table_sums_to_100() {
    for l in &shipped().levels {
        assert_eq!(l.theory_weights.total(), 100, "level {} theory", l.number);
        assert_eq!(l.skill_weights.total(), 100, "level {} skill", l.number);
        assert!(
            l.theory_weights.percent.contains_key("0.1")
                && l.theory_weights.percent.contains_key("0.2")
        );
        assert!(!l.skill_weights.percent.keys().any(|k| k.starts_with("0.")));
    }
}

#[test]
fn level_4_theory_table_is_the_derived_one() {
    let l4 = shipped().level(4).unwrap();
    // 基本要求 20 = 职业道德 5 + 基础知识 15; 数据采集和处理 20; 数据标注 40; 智能系统运维 20.
    assert_eq!(
        l4.theory_weights.percent,
        map(&[("0.1", 5), ("0.2", 15), ("1", 20), ("2", 40), ("3", 20)])
    );
    assert_eq!(l4.theory_weights.source, Source::Derived);

    let l3 = shipped().level(3).unwrap();
    let theory = map(&[
        ("0.1", 5),
        ("0.2", 10),
        ("1", 20),
        ("2", 30),
        ("3", 30),
        ("4", 5),
    ]);
    assert_eq!(l3.theory_weights.percent, theory);
    assert_eq!(
        l3.skill_weights.percent,
        map(&[("1", 25), ("2", 35), ("3", 35), ("4", 5)])
    );
    assert_eq!(
        (l3.theory_weights.source, l3.skill_weights.source),
        (Source::Derived, Source::Derived)
    );
    for n in [5, 2, 1] {
        assert_eq!(
            shipped().level(n).unwrap().theory_weights.source,
            Source::Assumed,
            "level {n}"
        );
    }
}

#[test]
fn a_weight_table_that_does_not_sum_to_100_is_rejected() {
    // Level 4 theory: 数据标注 40 → 35, total 95.
    let text = shipped_with(
        r#"percent = { "0.1" = 5, "0.2" = 15, "1" = 20, "2" = 40, "3" = 20 }"#,
        r#"percent = { "0.1" = 5, "0.2" = 15, "1" = 20, "2" = 35, "3" = 20 }"#,
    );
    let p = problems(&text);
    assert_eq!(p, ["level 4: theory weight table sums to 95, not 100"]);
    let err = load(&text).unwrap_err().to_string();
    assert!(
        err.contains("invalid (1 problem(s))") && err.contains("sums to 95, not 100"),
        "{err}"
    );
}

#[test]
fn a_weight_table_must_name_exactly_the_functions_of_its_level() {
    let p = problems_after(|c| {
        let l5 = level_mut(c, 5);
        let w = &mut l5.skill_weights.percent;
        w.remove("3"); // 20 moves to a function level 5 does not have
        w.insert("4".into(), 20);
        l5.theory_weights.percent.remove("0.1");
        l5.theory_weights.percent.insert("0.3".into(), 5);
        let l3 = level_mut(c, 3);
        l3.skill_weights.percent.insert("0.1".into(), 0);
    });
    assert_has(
        &p,
        r#"level 5: skill weight table names "4", which is not a function of this level"#,
    );
    assert_has(&p, r#"level 5: skill weight table has no entry for "3""#);
    assert_has(&p, r#"level 5: theory weight table names "0.3""#);
    assert_has(&p, r#"level 5: theory weight table has no entry for "0.1""#);
    assert_has(
        &p,
        "(basic requirements are weighted in the theory table only)",
    );
    assert_eq!(p.len(), 5, "{p:#?}");
}

#[test]
fn an_unknown_source_is_rejected() {
    let text = shipped_with(
        r#"source = "official-outline", note = "“计算机"#,
        r#"source = "hearsay", note = "“计算机"#,
    );
    match load(&text) {
        Err(CurriculumError::Parse(e)) => {
            let msg = e.to_string();
            assert!(
                msg.contains("hearsay") && msg.contains("official-outline"),
                "{msg}"
            );
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
    // Every allowed value parses.
    for s in Source::ALL {
        let text = shipped_with(
            r#"training_hours = { hours = 60, source = "verbatim" }"#,
            &format!(r#"training_hours = {{ hours = 60, source = "{s}" }}"#),
        );
        assert_eq!(
            load(&text).unwrap().level(5).unwrap().training_hours.source,
            s
        );
    }
}

#[test]
fn an_unknown_field_is_rejected() {
    let text = shipped_with(
        "training_hours = { hours = 60,",
        "training_hour = { hours = 60,",
    );
    let err = load(&text).unwrap_err();
    assert!(matches!(err, CurriculumError::Parse(_)), "{err}");
    assert!(err.to_string().contains("training_hour"), "{err}");
}

#[test]
fn a_misplaced_code_is_rejected() {
    // Level 5: skill 2.1.1 moved (by its code) under work 1.2.
    let text = shipped_with(
        r#"{ code = "2.1.1", text = "能根据标注规范和要求，完成文本、视觉、语音数据清洗""#,
        r#"{ code = "1.2.3", text = "能根据标注规范和要求，完成文本、视觉、语音数据清洗""#,
    );
    let p = problems(&text);
    assert_eq!(
        p,
        [
            "level 5: skill 1.2.3 is listed under work 2.1; its code must be 2.1.<n> (or move it under work 1.2)"
        ]
    );

    let p = problems_after(|c| {
        let l3 = level_mut(c, 3);
        l3.functions[1].works[0].code = "3.1".into(); // a work of function 2 coded as function 3's
        l3.functions[0].works[0].skills[0].code = "1.x.1".into();
        c.basic.works[0].skills[0].code = "0.2.9".into();
    });
    assert_has(
        &p,
        "level 3: work 3.1 is listed under function 2; its code must be 2.<n>",
    );
    assert_has(&p, "level 3: work code 3.1 appears more than once");
    assert_has(
        &p,
        r#"level 3: skill code "1.x.1" (under work 1.1) is malformed"#,
    );
    assert_has(&p, "basic: skill 0.2.9 is listed under work 0.1");
}

#[test]
fn duplicate_and_malformed_codes_are_rejected() {
    let p = problems_after(|c| {
        let l4 = level_mut(c, 4);
        l4.functions[0].works[0].skills[1].code = "1.1.1".into();
        l4.functions[2].code = "03".into();
    });
    assert_has(&p, "level 4: skill code 1.1.1 appears more than once");
    assert_has(&p, r#"level 4: function code "03" is malformed"#);
}

#[test]
fn all_five_levels_are_required() {
    let p = problems_after(|c| {
        c.levels.retain(|l| l.number != 2);
        level_mut(c, 1).number = 6;
    });
    assert_has(&p, "level 2 is missing");
    assert_has(&p, "level 1 is missing");
    assert_has(&p, "level 6 does not exist");
}

#[test]
fn paper_shapes_match_the_points_of_their_component() {
    // L4: 50 × 0.5 + 150 × 0.5 = 25 + 75 = 100, 200 items.
    // L3: 40 × 0.5 + 140 × 0.5 + 10 × 1 = 20 + 70 + 10 = 100, 190 items.
    // L2, L1: 20 + 60 + 20 = 100 items of 1 point.
    let items: Vec<_> = LEVELS
        .iter()
        .map(|&n| {
            let theory = shipped().level(n).unwrap().exam(Component::Theory).unwrap();
            let paper = theory.paper.as_ref().unwrap();
            assert_eq!(
                paper.total_points(),
                f64::from(theory.marks.points),
                "level {n}"
            );
            paper.item_count()
        })
        .collect();
    assert_eq!(items, [200, 200, 190, 100, 100]);
    assert_eq!(
        shipped()
            .level(4)
            .unwrap()
            .exam(Component::Theory)
            .unwrap()
            .paper
            .as_ref()
            .unwrap()
            .source,
        Source::Derived
    );
    let skill3 = shipped().level(3).unwrap().exam(Component::Skill).unwrap();
    assert_eq!(
        (
            skill3.tasks.as_ref().unwrap().count,
            skill3.duration.minutes
        ),
        (6, 120)
    );
    assert_eq!(skill3.tasks.as_ref().unwrap().source, Source::Derived);

    let p = problems_after(|c| {
        let theory = level_mut(c, 3)
            .exams
            .iter_mut()
            .find(|e| e.component == Component::Theory)
            .unwrap();
        theory.paper.as_mut().unwrap().parts[2].count = 9;
    });
    assert_eq!(
        p,
        ["level 3, theory exam: paper parts add up to 99 points, but the exam is out of 100"]
    );
}

#[test]
fn review_exists_at_levels_2_and_1_only() {
    for n in LEVELS {
        let review = shipped().level(n).unwrap().exam(Component::Review);
        assert_eq!(review.is_some(), n <= 2, "level {n}");
    }
    let review = shipped().level(2).unwrap().exam(Component::Review).unwrap();
    assert_eq!(review.source, Source::Verbatim);
    assert_eq!(review.staffing.required(8), 3);

    let p = problems_after(|c| {
        let review = level_mut(c, 2).exams.pop().unwrap();
        level_mut(c, 3).exams.push(review);
    });
    assert_has(&p, "level 2: has no review (综合评审) exam component");
    assert_has(
        &p,
        "level 3: has a review (综合评审) exam component, which only levels 2 and 1 have",
    );
}

#[test]
fn exam_rules_are_checked() {
    let p = problems_after(|c| {
        let l5 = level_mut(c, 5);
        let skill = l5
            .exams
            .iter_mut()
            .find(|e| e.component == Component::Skill)
            .unwrap();
        skill.marks.pass_mark = 101;
        skill.staffing.min_staff = 4;
        skill.tasks = None;
        l5.exams.retain(|e| e.component != Component::Theory);
        l5.eligibility[0].certificate_level = Level::new(4);
    });
    assert_has(
        &p,
        "level 5, skill exam: pass_mark 101 must be between 1 and the points (100)",
    );
    assert_has(
        &p,
        "level 5, skill exam: staffing requires an odd number, so min_staff 4 must be odd",
    );
    assert_has(
        &p,
        "level 5, skill exam: needs its number of practical tasks",
    );
    assert_has(&p, "level 5: has no theory exam component");
    assert_has(
        &p,
        "level 5, eligibility rule 1: certificate_level 4 must be a lower level than 5",
    );
}

#[test]
fn every_component_is_out_of_100_with_pass_mark_60() {
    for l in &shipped().levels {
        for e in &l.exams {
            assert_eq!(
                (e.marks.points, e.marks.pass_mark),
                (100, 60),
                "level {} {}",
                l.number,
                e.component
            );
            assert!(e.marks.passed(60.0) && !e.marks.passed(59.5));
        }
    }
}

#[test]
fn staffing_rules_compute_the_staff_needed() {
    let l3 = shipped().level(3).unwrap();
    let proctors = &l3.exam(Component::Theory).unwrap().staffing;
    // ≥ 1:15 and ≥ 2 per room: 20 → max(⌈20/15⌉ = 2, 2) = 2; 31 → ⌈31/15⌉ = 3; 0 → 0.
    assert_eq!(
        (
            proctors.required(20),
            proctors.required(31),
            proctors.required(0)
        ),
        (2, 3, 0)
    );
    let examiners = &l3.exam(Component::Skill).unwrap().staffing;
    // ≥ 1:5, odd, ≥ 3: 1 → 3; 12 → ⌈12/5⌉ = 3; 16 → 4 → 5 (odd); 25 → 5.
    assert_eq!([1, 12, 16, 25].map(|n| examiners.required(n)), [3, 3, 5, 5]);
}

#[test]
fn lookups() {
    let c = shipped();
    for n in LEVELS {
        assert_eq!(
            c.skill(n, "0.1.2").unwrap().code,
            "0.1.2",
            "basic codes work at level {n}"
        );
        assert_eq!(c.work(n, "0.2").unwrap().name, "基础知识");
        assert_eq!(c.function_name(n, "0.1"), Some("职业道德"));
        assert_eq!(
            c.all_skills(n).len(),
            5 + c.level(n).unwrap().skills().count()
        );
    }
    assert!(c.skill(3, "2.2.5").is_some());
    assert!(
        c.skill(5, "2.2.5").is_none(),
        "2.2.5 exists at level 3 only"
    );
    assert!(c.skill(6, "0.1.1").is_none(), "no level 6");
    assert!(c.skill(5, "0.9.1").is_none());
    assert!(c.all_skills(0).is_empty());
    assert_eq!(c.function_name(5, "2"), Some("数据标注"));
    assert_eq!(c.function_name(3, "2"), Some("智能训练"));
    assert_eq!(c.function_name(5, "4"), None);
    assert_eq!(c.work(4, "2.2").unwrap().name, "标注数据审核");
    assert_eq!(c.level(5).unwrap().training_hours.hours, 60);
    assert_eq!(c.level(1).unwrap().training_hours.hours, 30);
    assert!(
        c.basic_knowledge()
            .iter()
            .any(|k| k.text == "《网络安全法》相关知识")
    );
    assert_eq!(c.occupation.code_of_conduct.items.len(), 3);

    assert_eq!(function_of("0.1.2"), "0.1");
    assert_eq!(function_of("0.2.3"), "0.2");
    assert_eq!(function_of("0.2"), "0.2");
    assert_eq!(function_of("2.1.1"), "2");
    assert_eq!(function_of("3.2"), "3");
    assert_eq!(function_of("4"), "4");
    // Every skill's function is a key of its level's theory table.
    for l in &c.levels {
        for s in c.all_skills(l.number) {
            assert!(
                l.theory_weights.percent.contains_key(function_of(&s.code)),
                "{} at level {}",
                s.code,
                l.number
            );
        }
    }
}

#[test]
fn eligibility_of_level_5_is_verbatim_and_others_assumed() {
    let c = shipped();
    let l5 = &c.level(5).unwrap().eligibility;
    assert_eq!(l5.len(), 2);
    assert!(l5.iter().all(|r| r.source == Source::Verbatim));
    assert_eq!(l5[0].years, Some(1));
    for n in [4, 3, 2, 1] {
        let rules = &c.level(n).unwrap().eligibility;
        assert!(
            !rules.is_empty() && rules.iter().all(|r| r.source == Source::Assumed),
            "level {n}"
        );
        assert_eq!(rules[0].certificate_level, Level::new(n + 1), "level {n}");
    }
}

#[test]
fn serializes_back_to_an_equal_curriculum() {
    let text = toml::to_string(shipped()).unwrap();
    assert_eq!(&load(&text).unwrap(), shipped());
}

#[test]
fn every_entry_is_sourced_and_assumed_values_are_visible() {
    // The assumed values a center must confirm include the pass mark and durations.
    let c = shipped();
    let theory5 = c.level(5).unwrap().exam(Component::Theory).unwrap();
    assert_eq!(
        (theory5.marks.source, theory5.duration.source),
        (Source::Assumed, Source::Assumed)
    );
    // Every work has related knowledge, and every knowledge line has non-empty text.
    for l in &c.levels {
        for w in l.functions.iter().flat_map(|f| &f.works) {
            assert!(
                !w.knowledge.is_empty(),
                "level {} work {}",
                l.number,
                w.code
            );
        }
    }
}

/// English pages show every skill in English (our translation, marked derived in the file).
#[test]
fn every_skill_has_an_english_text() {
    let c = shipped();
    for l in &c.levels {
        for s in c.all_skills(l.number) {
            let en = s.text_en.as_deref().unwrap_or("");
            assert!(
                !en.trim().is_empty()
                    && !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "level {} skill {}: no English text",
                l.number,
                s.code
            );
            assert_eq!(s.text_in(crate::i18n::Lang::En), en);
            assert_eq!(s.text_in(crate::i18n::Lang::Zh), s.text);
        }
    }
}

#[test]
fn a_level_is_one_of_five_to_one() {
    assert_eq!(Level::ALL.map(Level::get), LEVELS);
    for n in 0..=u8::MAX {
        assert_eq!(Level::new(n).is_some(), (1..=5).contains(&n), "{n}");
        assert_eq!(Level::try_from(n).ok(), Level::new(n));
    }
    assert_eq!(Level::parse("3"), Level::new(3));
    for bad in ["", "0", "6", "-1", "3x", " 3", "256"] {
        assert_eq!(Level::parse(bad), None, "{bad:?}");
        assert!(bad.parse::<Level>().is_err());
    }
    let two = Level::new(2).unwrap();
    assert_eq!(two.to_string(), "2");
    assert_eq!((u8::from(two), i64::from(two)), (2, 2));
    assert_eq!(serde_json::to_string(&two).unwrap(), "2");
    assert_eq!(serde_json::from_str::<Level>("4").ok(), Level::new(4));
    assert!(serde_json::from_str::<Level>("6").is_err());
    assert!(serde_json::from_str::<Level>("\"4\"").is_err());
    assert!(Level::ONE < Level::FIVE);
    assert_eq!("5".parse::<Level>(), Ok(Level::FIVE));
}
