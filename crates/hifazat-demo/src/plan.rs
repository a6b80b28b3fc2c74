//! An illustrative monitoring matrix for the National Action Plan 2021-25: indicators worded
//! after the plan's aims (detection, victims' position, enforcement), with made-up baselines
//! and targets so the demo shows the matrix working. A real installation enters the plan's own
//! figures; nothing here is the plan's text.

use hifazat_store::statistics::plan::PlanInput;
use hifazat_store::{Ctx, Store};

/// (number, English, Urdu, measure, baseline year, baseline, target year, target, agency).
type Line = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const LINES: &[Line] = &[
    (
        "1.1",
        "Victims of trafficking detected each year (illustrative)",
        "ہر سال شناخت ہونے والے ٹریفکنگ متاثرین (مثالی)",
        "victims-detected",
        "2021",
        "400",
        "2025",
        "800",
        "FIA and provincial police",
    ),
    (
        "1.2",
        "Child victims of trafficking detected each year (illustrative)",
        "ہر سال شناخت ہونے والے بچے متاثرین (مثالی)",
        "victims-detected-children",
        "2021",
        "100",
        "2025",
        "200",
        "Provincial child protection bureaus",
    ),
    (
        "2.1",
        "Share of identified victims referred to services (illustrative)",
        "شناخت شدہ متاثرین میں خدمات کے لیے ریفر کیے گئے کا تناسب (مثالی)",
        "share-referred",
        "2021",
        "4",
        "2025",
        "60",
        "Ministry of Human Rights",
    ),
    (
        "2.2",
        "Share of identified victims who received a service (illustrative)",
        "شناخت شدہ متاثرین میں خدمت پانے والوں کا تناسب (مثالی)",
        "share-served",
        "2021",
        "2",
        "2025",
        "50",
        "Provincial social welfare departments",
    ),
    (
        "3.1",
        "Persons prosecuted for trafficking each year (illustrative)",
        "ہر سال ٹریفکنگ پر مقدمہ چلائے گئے افراد (مثالی)",
        "tip-persons-prosecuted",
        "2021",
        "150",
        "2025",
        "300",
        "Provincial prosecution services",
    ),
    (
        "3.2",
        "Persons convicted of trafficking each year (illustrative)",
        "ہر سال ٹریفکنگ میں سزا یافتہ افراد (مثالی)",
        "tip-persons-convicted",
        "2021",
        "20",
        "2025",
        "80",
        "FIA and prosecution services",
    ),
    (
        "3.3",
        "Persons convicted of migrant smuggling each year (illustrative)",
        "ہر سال اسمگلنگ میں سزا یافتہ افراد (مثالی)",
        "som-persons-convicted",
        "2021",
        "60",
        "2025",
        "150",
        "FIA",
    ),
];

/// Enters the illustrative indicators as the national coordinator; returns how many.
pub async fn seed(store: &Store, national: &Ctx) -> anyhow::Result<usize> {
    let s = store.scoped(national.clone());
    for (code, en, ur, measure, by, b, ty, t, agency) in LINES {
        s.save_plan_indicator(
            None,
            &PlanInput {
                plan: "NAP 2021-25".into(),
                code: (*code).into(),
                indicator_en: (*en).into(),
                indicator_ur: (*ur).into(),
                measure: (*measure).into(),
                baseline_year: (*by).into(),
                baseline: (*b).into(),
                target_year: (*ty).into(),
                target: (*t).into(),
                agency: (*agency).into(),
            },
        )
        .await?;
    }
    Ok(LINES.len())
}
