# Victim protection and referral: the dashboard, victims, identification, consent, referrals,
# shelter stays, follow-ups and the service directory.

## Code lists (looked up by code: protection-LIST-CODE).
protection-service-shelter = Shelter (Darul Aman)
protection-service-medical = Medical care
protection-service-psychosocial = Psychosocial support
protection-service-legal_aid = Legal aid
protection-service-vocational = Vocational training
protection-service-repatriation = Repatriation
protection-service-child_protection = Child protection
protection-service-family_tracing = Family tracing and reunification
protection-group-women = Women
protection-group-men = Men
protection-group-children = Children
protection-group-transgender = Transgender persons
protection-urgency-emergency = Emergency (answer within 4 hours)
protection-urgency-urgent = Urgent (answer within 24 hours)
protection-urgency-routine = Routine (answer within 72 hours)
protection-status-sent = Sent, awaiting answer
protection-status-accepted = Accepted
protection-status-declined = Declined
protection-status-in_service = Services being delivered
protection-status-closed = Closed
protection-purpose-register_case = Registering a case
protection-purpose-refer_services = Referral to services
protection-purpose-share_agency = Sharing with another agency
protection-purpose-contact_later = Being contacted later
protection-method-written = Written, signed
protection-method-thumbprint = Thumbprint
protection-method-oral_witnessed = Oral, witnessed
protection-method-guardian = By a guardian (child)
protection-result-possible = Possible victim
protection-result-presumed = Presumed victim
protection-result-confirmed = Confirmed victim
protection-result-not_a_victim = Not a victim
protection-discharge-family = Return to family
protection-discharge-independent_living = Independent living
protection-discharge-other_provider = Another provider
protection-discharge-repatriation = Repatriation
protection-discharge-left_own_choice = Left by own choice
protection-outcome-reintegrated = Reintegrated, doing well
protection-outcome-needs_support = Needs further support
protection-outcome-at_risk = At risk
protection-outcome-lost_contact = Contact lost
protection-outcome-retrafficked = Re-trafficked
protection-indicator-restricted_movement = Movement restricted or confined
protection-indicator-withholds_documents = Identity documents withheld
protection-indicator-debt_bondage = Debt bondage or an advance to repay
protection-indicator-physical_threats = Threats against the person
protection-indicator-threatens_family = Threats against children or family
protection-indicator-threats_law_enforcement = Threatened with police or deportation
protection-indicator-false_promises = Deceived about the job or conditions
protection-indicator-excessive_hours = Excessive working hours
protection-indicator-takes_earnings = No pay, or earnings taken
protection-indicator-physical_abuse = Physical abuse
protection-indicator-sexual_abuse = Sexual abuse
protection-indicator-psychological_abuse = Psychological abuse
protection-indicator-withholds_necessities = Food, sleep or medical care withheld
protection-indicator-psychoactive_substance = Made to take drugs or alcohol
protection-indicator-isolation = Isolated, cannot contact family
protection-sex-male = Male
protection-sex-female = Female
protection-sex-transgender = Transgender
protection-age-child = Child (under 18)
protection-age-adult = Adult
protection-age-unknown = Age not known

## Counts and plurals.
protection-years = { $count ->
    [one] { $count } year
   *[other] { $count } years
}
protection-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
protection-planned-days = { $count ->
    [one] planned for { $count } day
   *[other] planned for { $count } days
}
protection-days-so-far = { $count ->
    [one] { $count } day so far
   *[other] { $count } days so far
}
protection-beds = { $count ->
    [one] { $count } bed
   *[other] { $count } beds
}
protection-beds-in-use = { $used } of { $beds } in use
protection-count-referrals = { $count ->
    [one] { $count } referral
   *[other] { $count } referrals
}
protection-count-providers = { $count ->
    [one] { $count } provider
   *[other] { $count } providers
}
protection-see-all-overdue = { $count ->
    [one] See the overdue referral
   *[other] See all { $count } overdue referrals
}
protection-see-all-children = { $count ->
    [one] See the child
   *[other] See all { $count } children
}

## Words used on several pages.
protection-victim = Victim
protection-victims = Victims
protection-code = Victim code
protection-result = Result
protection-sex = Sex
protection-age = Age
protection-age-group = Age group
protection-sex-age = Sex and age
protection-district = District
protection-identified-on = Identified on
protection-identified-when = identified on { $date }
protection-child = child
protection-retrafficked = re-trafficked
protection-retrafficked-long = identified before: re-trafficked
protection-provider = Provider
protection-service = Service
protection-services = Services
protection-urgency = Urgency
protection-status = Status
protection-sent = Sent
protection-overdue = overdue
protection-referrals = Referrals
protection-consent = Consent
protection-choose = Choose…
protection-apply = Show
protection-case = case
protection-none-yet = None yet.
protection-not-yet = Not yet
protection-date-hint-today = For example 27 3 2026. Leave it empty for today.
protection-note = Note
protection-note-hint = Optional. No names or identifying details.
protection-plan = Plan
protection-wishes = wishes
protection-clear-filters = Show all
protection-in-district = In { $district } only
protection-back-to-record = Protection record { $code }
protection-back-to-referrals = All referrals

## The dashboard.
protection-dashboard-title = Protection and referral
protection-aggregates-only = Aggregates only: counts from 1 to 4 are shown as “fewer than 5”, and no victim is listed.
protection-dashboard-empty = No victims have been identified here yet. When you identify a victim, record their consent and refer them to services, the counts below will show how many were referred, accepted and served, and which referrals and children need attention.
protection-all-in = All in { $place }
protection-identify-a-victim = Identify a victim
protection-counts = Counts
protection-tile-identified = victims identified
protection-tile-referred = referred
protection-baseline = baseline { $percent }
protection-tile-accepted = accepted by a provider
protection-tile-served = received a service
protection-tile-median = from identification to first service (median)
protection-tile-overdue = overdue referrals
protection-tile-children = children without a child protection referral
protection-tile-children-title = Children without a child protection referral
protection-tile-overrides = referrals made on a consent override
protection-by-sex-age = Identified, by sex and age
protection-none-identified = No victims identified.
protection-occupancy = Shelter occupancy
protection-occupancy-of = Beds in use at { $name }
protection-shelter = Shelter
protection-in-use-of-beds = Beds in use
protection-no-shelters = No shelters in this jurisdiction.
protection-overdue-title = Overdue referrals
protection-overdue-hint = (no answer in time)
protection-answer-due = Answer due
protection-no-overdue = None: every referral was answered in time.
protection-no-children-missing = None: every child has a child protection referral.

## Victims.
protection-victims-title = Victims
protection-victims-lead = Protection records in { $place }. Victims appear by code only.
protection-filter-victims = Filter victims
protection-children-only = Children only
protection-consent-to-refer = Consent to refer
protection-no-victims = No victims recorded yet. Identify a victim to open their protection record: it will be listed here by code.
protection-no-victims-match = No victims match these filters.

## Identification.
protection-checklist = Screening checklist
protection-checklist-hint = Tick what you observed. A person under 18 is a child: a guardian consents for them, and a child protection referral is expected.
protection-identification = Identification
protection-circumstances = Circumstances
protection-circumstances-hint = Where and how the person was found. No names of other people.
protection-the-person = The person
protection-the-person-hint = Identifying details are encrypted; lists show only the victim's code.
protection-name = Name
protection-father-name = Father's or husband's name
protection-age-years = Age in years
protection-date-of-birth = Date of birth
protection-date-of-birth-hint = If known. For example 14 8 2001.
protection-cnic = CNIC
protection-cnic-hint = 13 digits, for example 35202-1234567-1
protection-phone = Phone
protection-nationality = Nationality
protection-nationality-hint = Start typing the country's name and choose it from the list.
protection-from-case-hint = The victim is taken from the case: their identity stays in the case record.
protection-record-identification = Record the identification

## A victim's record.
protection-victim-title = Victim { $code }
protection-show-identity = Show identity
protection-show-identity-hint = Each view is recorded in the audit trail under your name.
protection-indicators = Indicators
protection-purpose = Purpose
protection-how = How it was given
protection-given-on = Date given
protection-guardian = Guardian
protection-withdrawn = Withdrawn
protection-actions = Actions
protection-withdraw = Withdraw
protection-no-consent = No consent recorded yet.
protection-record-consent = Record consent
protection-consent-needed = To refer the victim, first record their consent to referral to services. The purpose is chosen below: check how it was given and the date, then record it.
protection-guardian-name = Guardian's name
protection-guardian-hint = Only when a guardian consents for the victim.
protection-guardian-hint-child = This victim is a child: enter the name of the guardian who consents with them.
protection-guardian-relation = Guardian's relation to the victim
protection-guardian-relation-example = mother, father, uncle…
protection-record-consent-button = Record consent
protection-consent-override = consent override
protection-first-service = First service
protection-no-referrals-yet = No referrals yet.
protection-refer-to-services = Refer to services
protection-no-consent-warning = The victim has not consented to referral to services. Record their consent first.
protection-no-consent-warning-override = The victim has not consented to referral to services. Record their consent first, or record an override with its reason below.
protection-go-to-consent = Record consent to referral to services
protection-needs = Needs
protection-needs-hint = What the provider needs to know. No case file, no names of others.
protection-contact-arrangements = Contact arrangements
protection-contact-arrangements-hint = How the provider reaches the victim, for example through the referring officer.
protection-override-reason = Reason for referring without consent
protection-override-reason-hint = Recorded in the audit trail and reported.
protection-send-referral = Send the referral
protection-stays = Shelter stays
protection-admitted-when = admitted on { $date }
protection-discharged-when = discharged on { $date }
protection-review-due = review due: a strategy after 60 days
protection-no-stay = No shelter stay.
protection-follow-ups = Follow-ups
protection-due = Due
protection-done-on = Done on
protection-outcome = Outcome
protection-follow-ups-empty = None scheduled. Follow-ups are scheduled at 3, 6 and 12 months after a shelter stay ends.
protection-record-follow-up = Record the follow-up due on { $date }
protection-record-follow-up-button = Record the follow-up

## What happened, and what comes next.
protection-done-identified = Victim identified: their code is { $code }. Next, record their consent to referral to services, then refer them.
protection-done-consent = Consent recorded. If it was for referral to services, you can now send a referral below.
protection-done-withdrawn = Consent withdrawn. Referrals already sent do not change; new referrals need consent again.
protection-done-referred = Referral sent to { $provider }. They are to answer by { $due }; their answer will show here and under Referrals.
protection-done-followup = Follow-up recorded. The next one, if any, is listed below.
protection-done-accepted = Referral accepted. Next, record each service as you deliver it.
protection-done-accepted-shelter = Referral accepted. Next, admit the victim to the shelter below, and record each service as you deliver it.
protection-done-declined = Referral declined. The referring officer sees your reason and will refer the victim elsewhere.
protection-done-closed = Referral closed. It can no longer change: if the victim needs more services, make a new referral.
protection-done-service = Service recorded. Record further services as you deliver them, and close the referral when they are complete.
protection-done-admitted = Victim admitted to the shelter. Review the stay with them within 60 days.
protection-done-reviewed = Review recorded. The next review is due within 60 days.
protection-done-discharged = Stay ended. Follow-ups are scheduled at 3, 6 and 12 months.

## Referrals.
protection-queue-title = Referrals to your agency
protection-queue-lead = Accept or decline each new referral within the time its urgency sets; then record the services you deliver.
protection-queue-empty = No referrals to your agency yet. When a protection officer refers a victim to you, the referral appears here with the victim's code and needs: accept or decline it within the time its urgency sets.
protection-referrals-lead = Referrals of victims in { $place }.
protection-filter-referrals = Filter referrals
protection-overdue-only = Overdue only
protection-no-referrals = No referrals yet. Referrals you send from a victim's record appear here with the provider's answer.
protection-no-referrals-match = No referrals match these filters.
protection-referral-title = Referral for { $code }
protection-referral-for = Referral for
protection-to-provider = to { $provider }
protection-details = Details
protection-services-asked = Services asked for
protection-answer-due-by = answer due by { $when }
protection-answered = Answered
protection-declined-because = declined:
protection-closed = Closed
protection-on-override = Referred on a consent override
protection-services-delivered = Services delivered
protection-your-answer = Your answer
protection-answer-by = Accept or decline this referral by { $when }.
protection-accept = Accept
protection-decline = Decline…
protection-record-service = Record a service delivered
protection-service-delivered = Service delivered
protection-delivered-on = Date delivered
protection-record-service-button = Record the service
protection-admit-title = Admit to the shelter
protection-planned-stay = Planned stay in days
protection-planned-stay-hint = From 1 to 730. Review it with the victim within 60 days.
protection-admitted-on = Date admitted
protection-wishes-label = The victim's own wishes
protection-wishes-hint = In their words. A stay is never confinement.
protection-admit = Admit
protection-close-referral = Close the referral…
protection-withdraw-close = Withdraw and close…
protection-final = This referral is final and can no longer change.
protection-stay = Shelter stay
protection-review-title = Review the stay
protection-review-date = Date of the review
protection-record-review = Record the review
protection-end-stay = End the stay…

## Confirmation before a final step.
protection-confirm-withdraw-title = Withdraw the consent of { $code }?
protection-confirm-withdraw-warning = Referrals already sent do not change, but no new referral for this purpose can be sent until consent is recorded again.
protection-confirm-withdraw-button = Yes, withdraw the consent
protection-confirm-close-title = Close the referral of { $code }?
protection-confirm-close-warning = This cannot be undone: a closed referral never changes again. If the victim needs more services, make a new referral.
protection-confirm-close-button = Yes, close the referral
protection-confirm-decline-title = Decline the referral of { $code }?
protection-confirm-decline-warning = This cannot be undone. The referring officer sees your reason and will refer the victim elsewhere.
protection-confirm-decline-button = Decline the referral
protection-decline-reason = Why you are declining
protection-decline-reason-hint = For example: no bed free tonight; we do not serve this district.
protection-confirm-discharge-title = End the shelter stay of { $code }?
protection-confirm-discharge-warning = This cannot be undone. Follow-ups will be scheduled at 3, 6 and 12 months after the date the stay ends.
protection-confirm-discharge-button = Yes, end the stay
protection-discharge-to = Where the stay ends
protection-discharged-on = Date the stay ends

## The service directory.
protection-directory-title = Service directory
protection-directory-lead = Shelters, hospitals, legal aid and other services, with the districts they serve and the beds in use.
protection-filter-providers = Filter providers
protection-accepts = Accepts
protection-languages = Languages
protection-also-serves = also serves { $districts }
protection-no-providers = No providers in the directory yet. Administrators add them under Agencies.
protection-no-providers-match = No providers match these filters.
protection-funnel-title = From identification to service
protection-funnel-desc = One bar per step: victims identified, referred, whose referral was accepted, and who received a service. The same numbers are in the tiles above.
