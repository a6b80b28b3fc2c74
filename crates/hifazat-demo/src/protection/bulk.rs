//! The victims of cases in demos larger than the default, written in bulk
//! ([`hifazat_store::Scoped::import_victims`]) instead of one action at a time through the API: the same plan,
//! each victim's story gathered from its events, and the same outcome where the API would
//! refuse (an admission to a full shelter leaves the victim served without a stay).

use super::{Event, Report, Step};
use hifazat_store::protection::import::{
    Done, ImportedConsent, ImportedReferral, ImportedStay, ImportedVictim,
};
use hifazat_store::{Ctx, Store};
use std::collections::HashMap;

/// Victims per transaction.
const BATCH: usize = 1_000;

/// Writes the victims whose events are `events` (in time order); `capacity` gives each
/// shelter's beds by provider id.
pub(super) async fn write(
    store: &Store,
    events: Vec<Event>,
    actors: &HashMap<&'static str, Ctx>,
    capacity: &HashMap<i64, i64>,
) -> anyhow::Result<Report> {
    let mut out: Vec<ImportedVictim> = Vec::new();
    let mut victims: HashMap<usize, usize> = HashMap::new();
    let mut consents: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut referrals: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut stays: HashMap<usize, (usize, usize, i64)> = HashMap::new();
    // Beds taken at each event's time, by provider.
    let mut occupied: HashMap<i64, i64> = HashMap::new();
    let missing = || anyhow::anyhow!("an earlier step of the plan is missing");
    for e in events {
        let actor = actors
            .get(e.who)
            .ok_or_else(|| anyhow::anyhow!("demo account '{}' is missing", e.who))?;
        let done = Done {
            at: e.at,
            by: Some(actor.actor.user_id),
        };
        let vi = victims.get(&e.victim).copied();
        match e.step {
            Step::Identify(n) => {
                let case_person_id = n
                    .case_person_id
                    .ok_or_else(|| anyhow::anyhow!("only case victims are written in bulk"))?;
                victims.insert(e.victim, out.len());
                out.push(ImportedVictim {
                    case_person_id,
                    district: n.district,
                    result: n.result,
                    indicators: n.indicators,
                    circumstances: n.circumstances,
                    identified: done,
                    agency_id: actor.actor.agency_id,
                    consents: Vec::new(),
                    referrals: Vec::new(),
                });
            }
            Step::Consent {
                purpose,
                method,
                guardian,
                slot,
            } => {
                let vi = vi.ok_or_else(missing)?;
                consents.insert(slot, (vi, out[vi].consents.len()));
                out[vi].consents.push(ImportedConsent {
                    purpose,
                    method,
                    guardian,
                    recorded: done,
                    withdrawn: None,
                });
            }
            Step::Withdraw { consent } => {
                let (vi, ci) = consents.get(&consent).copied().ok_or_else(missing)?;
                out[vi].consents[ci].withdrawn = Some(done);
            }
            Step::Refer {
                slot,
                provider,
                services,
                urgency,
                needs,
                contact,
                override_reason,
            } => {
                let vi = vi.ok_or_else(missing)?;
                anyhow::ensure!(
                    override_reason.is_none(),
                    "consent overrides go through the API"
                );
                referrals.insert(slot, (vi, out[vi].referrals.len()));
                out[vi].referrals.push(ImportedReferral {
                    provider_id: provider,
                    services,
                    urgency,
                    needs: Some(needs),
                    contact: Some(contact),
                    sent: done,
                    answers: Vec::new(),
                    delivered: Vec::new(),
                    stay: None,
                });
            }
            Step::Answer {
                referral,
                status,
                reason,
            } => {
                let (vi, ri) = referrals.get(&referral).copied().ok_or_else(missing)?;
                out[vi].referrals[ri].answers.push((status, done, reason));
            }
            Step::Serve {
                referral,
                service,
                note,
            } => {
                let (vi, ri) = referrals.get(&referral).copied().ok_or_else(missing)?;
                out[vi].referrals[ri]
                    .delivered
                    .push((service, done, Some(note.into())));
            }
            Step::Admit {
                referral,
                stay,
                planned_days,
                wishes,
            } => {
                let (vi, ri) = referrals.get(&referral).copied().ok_or_else(missing)?;
                let r = &mut out[vi].referrals[ri];
                let taken = occupied.entry(r.provider_id).or_default();
                // A full shelter refuses: the stay's later steps are left out.
                if *taken >= capacity.get(&r.provider_id).copied().unwrap_or(0) {
                    continue;
                }
                *taken += 1;
                stays.insert(stay, (vi, ri, r.provider_id));
                r.stay = Some(ImportedStay {
                    admitted: done,
                    planned_days,
                    wishes: wishes.into(),
                    reviews: Vec::new(),
                    discharged: None,
                    follow_ups: Vec::new(),
                });
            }
            Step::Review { stay, wishes, plan } => {
                if let Some(s) = stay_of(&mut out, &stays, stay) {
                    s.reviews.push((done, wishes.into(), plan.map(Into::into)));
                }
            }
            Step::Discharge { stay, to } => {
                if let Some(s) = stay_of(&mut out, &stays, stay) {
                    s.discharged = Some((done, to));
                }
                if let Some((_, _, provider)) = stays.get(&stay) {
                    *occupied.entry(*provider).or_default() -= 1;
                }
            }
            Step::FollowUp { outcome, note, .. } => {
                // Follow-ups fall due after a discharge: the victim's discharged stay.
                let vi = vi.ok_or_else(missing)?;
                if let Some(s) = out[vi]
                    .referrals
                    .iter_mut()
                    .filter_map(|r| r.stay.as_mut())
                    .find(|s| s.discharged.is_some())
                {
                    s.follow_ups.push((done, outcome, Some(note.into())));
                }
            }
        }
    }
    let report = Report {
        victims: out.len(),
        referrals: out.iter().map(|v| v.referrals.len()).sum(),
    };
    let total = out.len();
    store
        .scoped(Ctx::system("demo"))
        .import_victims(out, BATCH, &mut |done| {
            tracing::debug!(done, total, "demo victims written in bulk");
        })
        .await?;
    Ok(report)
}

fn stay_of<'a>(
    out: &'a mut [ImportedVictim],
    stays: &HashMap<usize, (usize, usize, i64)>,
    stay: usize,
) -> Option<&'a mut ImportedStay> {
    let (vi, ri, _) = stays.get(&stay)?;
    out[*vi].referrals[*ri].stay.as_mut()
}
