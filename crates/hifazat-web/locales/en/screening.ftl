# Screening, alerts, watchlists, the Red Book, and the person index.

# Screening.
screening-title = Screening
screening-against = { $count ->
    [one] Against { $count } watchlist entry
   *[other] Against { $count } watchlist entries
}
screening-pending-tile = { $count ->
    [one] alert awaits a decision
   *[other] alerts await a decision
}
screening-clear = No match on the watchlists.
screening-clear-next = The traveller may go on. Screen the next traveller below.
screening-alerts-raised = { $count ->
    [one] { $count } alert: hold the traveller
   *[other] { $count } alerts: hold the traveller
}
screening-hold = Do not let the traveller go on until the alert is decided. Compare the travel document with each listed person below, then record your decision in the alert queue.
screening-decide-in-queue = Decide in the alert queue
screening-list-screened = List screened
screening-list-result = { $screened } of { $rows } persons screened.
screening-list-alerts = { $count ->
    [0] No alert was raised.
    [one] { $count } alert was sent to the queue.
   *[other] { $count } alerts were sent to the queue.
}
screening-rows-not-screened = { $count ->
    [one] { $count } row was not screened: correct it and screen it again
   *[other] { $count } rows were not screened: correct them and screen them again
}
screening-line = Line { $line }
screening-line-unreadable = the line could not be read (check its commas and quotes)
screening-one-title = One traveller
screening-full-name = Full name
screening-full-name-hint = As on the passport or CNIC, in English or Urdu letters.
screening-father-name = Father's or husband's name
screening-dob = Date of birth
screening-dob-hint = For example 27 3 1985. If only the year (or the month and year) is known, leave the day (and month) empty.
screening-cnic = CNIC
screening-cnic-hint = 13 digits, with or without dashes, for example 35202-1234567-1.
screening-passport = Passport
screening-nationality = Nationality
screening-nationality-hint = Start typing the country's name and pick it from the list.
screening-exit-point = Exit point or flight
screening-exit-point-hint = For example PK-303 to Doha, or pick an airport or border crossing.
screening-screen = Screen the traveller
screening-list-title = A list: passengers, off-loadees or deportees
screening-source = Name of the list
screening-source-hint = For example PK-303 23 Nov 2026, or Deportees from Oman.
screening-csv = The list, as CSV
screening-csv-hint = Paste the list with the column names on the first line:
screening-screen-list = Screen the list
screening-son-of = s/o
screening-born = Born

# The alert queue.
screening-alerts-title = Alert queue
screening-tile-pending = { $count ->
    [one] awaits a decision
   *[other] await a decision
}
screening-tile-true = { $count ->
    [one] true match
   *[other] true matches
}
screening-tile-false = { $count ->
    [one] false alarm
   *[other] false alarms
}
screening-status = Show
screening-status-all = All alerts
screening-show = Show
screening-alert-count = { $count ->
    [one] { $count } alert
   *[other] { $count } alerts
}
screening-no-pending = No alert awaits a decision.
screening-no-alerts = No alerts.
screening-col-traveller = Traveller
screening-col-listed = Listed person
screening-col-match = Match
screening-col-raised = Raised
screening-col-decision = Decision
screening-source-counter = at the counter
screening-zone-of = { $zone } zone
screening-note = What you checked
screening-true-match = True match
screening-false-alarm = False alarm
screening-decided = Recorded: { $decision }.
screening-decided-who = Traveller { $traveller }, against { $listed } ({ $list }).
screening-decided-note = Your note: { $note }
screening-decided-true-next = Keep the traveller and tell the duty officer of the FIA circle.
screening-decided-false-next = The traveller may go on.
screening-next-alert = Decide the next pending alert
screening-queue-empty = No other alert awaits a decision.
screening-bands-title = Decisions by score
screening-bands-hint = How officers decided the alerts of each score band. A band whose alerts are almost all false alarms is a sign the threshold could rise; true matches in the lowest band, that it should not.
screening-bands-score = Score
screening-bands-true = True matches
screening-bands-false = False alarms
screening-bands-pending = Awaiting decision
screening-bands-share = True share
screening-bands-cutoffs = Bands shown with alerts and search results: strong match from 0.90, possible match from 0.80 (the alert threshold), weak match below.

# Score bands.
screening-band-strong = Strong match
screening-band-possible = Possible match
screening-band-weak = Weak match

# Why two records match.
screening-why-title = Why they match
screening-why-raw = The matcher's notes
screening-why-raw-hint = As the matching engine wrote them, for experts.
screening-why-name = Name
screening-why-father = Father's name
screening-why-dob = Date of birth
screening-why-cnic = CNIC
screening-why-passport = Passport
screening-why-nationality = Nationality
screening-why-same = the same: { $words }
screening-why-same-word = { $a } and { $b } are written the same
screening-why-variant = { $a } and { $b } are spellings of one name
screening-why-translit = { $a } and { $b } are one name in two scripts
screening-why-typo = { $a } and { $b } differ by a typing slip
screening-why-initial = { $a } is the initial of { $b }
screening-why-joined = { $a } is { $b } written together
screening-why-close = { $a } and { $b } are close
screening-why-written-together = one side writes the whole name as one word
screening-why-father-inside = the father's name is written inside one of the names
screening-why-one-name = only one name agrees and nothing else tells the two apart: check with care
screening-why-only-query-alert = { $word } is only in the traveller's name
screening-why-only-entry-alert = { $word } is only in the listed name
screening-why-only-query-search = { $word } is only in your search
screening-why-only-entry-search = { $word } is only in the record
screening-why-only-query-duplicate = { $word } is only in this record
screening-why-only-entry-duplicate = { $word } is only in the other record
screening-why-dob-exact = the same ({ $a })
screening-why-dob-partial = they agree as far as both are known ({ $a } and { $b })
screening-why-dob-swapped = the day and month are swapped ({ $a } and { $b })
screening-why-dob-one-part = one part differs ({ $a } and { $b })
screening-why-dob-near = close but different ({ $a } and { $b })
screening-why-dob-conflict = different ({ $a } and { $b }): a sign of another person
screening-why-cnic-exact = the same number
screening-why-cnic-one-digit = one digit differs, perhaps a typing slip
screening-why-cnic-conflict = different numbers: a sign of another person
screening-why-passport-exact = the same number
screening-why-passport-different = different numbers
screening-why-nationality-different = different ({ $a } and { $b })

# Watchlists.
screening-watchlists-title = Watchlists
screening-entry-count = { $count ->
    [one] { $count } active entry
   *[other] { $count } active entries
}
screening-add-entry = Add an entry
screening-redbook-print = The Red Book, to print
screening-list = List
screening-all-lists = All lists
screening-zone = FIA zone
screening-all-zones = All zones
screening-no-entries = No entries match.
screening-col-person = Listed person
screening-col-identity = Born, documents, nationality
screening-col-why = Why listed
screening-col-actions = Actions
screening-person-record = Person record
screening-listed-on = Listed { $date }
screening-remove = Remove
screening-cases-count = { $count ->
    [one] { $count } case
   *[other] { $count } cases
}
screening-fir = FIR
screening-added = { $name } was added to the { $list }.
screening-added-next = Screening uses the entry from now on, at every counter.
screening-add-another = Add another entry
screening-removed = { $name } was removed from the { $list }.
screening-removed-next = Travellers are no longer screened against this entry. The entry is kept in the record, with who removed it and when.
screening-one-name-warning = The entry has one name and nothing else: every traveller of that name will alert. Add the father's name, the date of birth or a document number if they are known.
screening-remove-title = Remove this entry from screening?
screening-remove-warning = Travellers will no longer be screened against this entry. It stays in the record, with who removed it and when, and can be added again.
screening-remove-yes = Yes, remove it from screening
screening-remove-no = No, keep it
screening-back-to-lists = Back to the watchlists
screening-add-entry-lead = Screening uses a new entry at once, at every counter. Give as much as is known: the father's name, date of birth and documents tell namesakes apart.
screening-entry-name = Name
screening-entry-name-hint = As written in the Red Book or the notice, in English or Urdu letters. A blacklisted document may have no name.
screening-cnic-needed = needed for a blacklisted identity card
screening-passport-needed = needed for a blacklisted passport
screening-reference = Serial or notice number
screening-reference-hint = For example RB-12-017 in the Red Book, or the Interpol notice number.
screening-reason = Why listed
screening-person-uid = Person record
screening-person-uid-hint = The record number from the person's page: the entry then lists the person's cases.
screening-add-submit = Add to the list

# The lists and decisions.
screening-list-red-book = Red Book: most wanted human smugglers and traffickers
screening-list-blacklist-cnic = Blacklisted identity card
screening-list-blacklist-passport = Blacklisted passport
screening-list-interpol = Interpol notice
screening-list-recruitment-agent = Blacklisted recruitment agent
screening-list-short-red-book = Red Book
screening-list-short-blacklist-cnic = Blacklisted CNIC
screening-list-short-blacklist-passport = Blacklisted passport
screening-list-short-interpol = Interpol notice
screening-list-short-recruitment-agent = Blacklisted recruiter
screening-decision-pending = Awaiting decision
screening-decision-true-match = True match: the listed person
screening-decision-false-alarm = False alarm: another person

# The Red Book to print.
screening-redbook-title = Red Book
screening-redbook-subtitle = Most wanted human smugglers and traffickers
screening-persons-count = { $count ->
    [one] { $count } person
   *[other] { $count } persons
}
screening-redbook-printed = Printed { $date } by { $by }
screening-redbook-restricted = Restricted: for law enforcement and immigration use. The identity cards and passports of listed persons are blacklisted.
screening-redbook-back = Back to the Red Book on screen
screening-wanted-for = Wanted for

# Case stages, roles and sex, as shown with persons and listed persons.
screening-role-victim = Victim
screening-role-accused = Accused
screening-role-witness = Witness
screening-role-complainant = Complainant
screening-sex-male = Male
screening-sex-female = Female
screening-sex-transgender = Transgender
screening-month-1 = January
screening-month-2 = February
screening-month-3 = March
screening-month-4 = April
screening-month-5 = May
screening-month-6 = June
screening-month-7 = July
screening-month-8 = August
screening-month-9 = September
screening-month-10 = October
screening-month-11 = November
screening-month-12 = December

# The person index.
screening-persons-title = Person search
screening-persons-lead = Accused, witnesses and complainants in { $jurisdiction }.
screening-persons-hint = Any spelling or script: "Mohd Asif", "Muhammad Asif s/o Ghulam Rasool" and "محمد آصف" find the same person. Victims are not found by name: reach them through their case or protection record.
screening-persons-name = Name
screening-persons-index-loading = The person index is still being built after the server started ({ $done } of { $total } records): results may be incomplete.
screening-persons-found = { $count ->
    [0] No one found
    [one] { $count } person found
   *[other] { $count } persons found
}
screening-persons-none = No one in your jurisdiction matches. Try another spelling, fewer names, or the CNIC.
screening-persons-col-record = Person
screening-persons-col-cases = Cases
screening-persons-exact = Exactly as searched
screening-persons-merged = The two records were merged.
screening-persons-merged-next = The other record's cases and watchlist entries are on this record now. The merge can be undone below.
screening-persons-unmerged = The merge was undone: each record has its own cases again.
screening-persons-was-merged = This record was merged into another record of the same person, which holds its cases now. It is kept as it was written.
screening-persons-was-merged-link = Open that record
screening-persons-facts = Details
screening-persons-record = Record
screening-persons-sex = Sex
screening-persons-district = District
screening-persons-in = in { $jurisdiction }
screening-persons-no-cases = None in your jurisdiction.
screening-persons-col-case = Case
screening-persons-col-role = Role
screening-persons-col-stage = Stage
screening-persons-not-listed = Not on a watchlist.
screening-persons-add-to-watchlist = Add to a watchlist
screening-persons-duplicates-title = Possibly the same person
screening-persons-duplicates-hint = Other records in your jurisdiction whose name, father's name, date of birth or documents come close. Merging moves the other record's cases and watchlist entries to this record; the other record is kept, retired, and the merge can be undone.
screening-persons-no-duplicates = No other record comes close.
screening-persons-col-merge = Merge into this record
screening-persons-merge-reason = Why they are one person
screening-persons-merge-reason-hint = What you checked, for example: the same CNIC in both FIR copies, confirmed with the investigating officer.
screening-persons-merge-button = Merge…
screening-persons-merges-title = Merges
screening-persons-never-merged = This record was never merged.
screening-persons-col-when = When
screening-persons-col-what = What
screening-persons-col-why = Why
screening-persons-col-moved = Moved
screening-persons-by = by { $name }
screening-persons-merged-into-this = was merged into this record
screening-persons-this-merged-into = This record was merged into
screening-persons-undone = Undone
screening-persons-moved = { $count ->
    [one] { $count } row
   *[other] { $count } rows
}
screening-persons-undo-reason = Why undo the merge
screening-persons-undo-button = Undo the merge
screening-persons-merge-title = Merge these two records?
screening-persons-merge-explain = The second record's cases and watchlist entries will move to the first. The second record is kept, retired, with its own spelling of the name.
screening-persons-merge-keep = Kept: this record holds the cases
screening-persons-merge-retire = Merged into it and retired
screening-persons-merge-undo-note = The merge is recorded in the audit trail and can be undone from the kept record's page.
screening-persons-merge-yes = Yes, merge the records
screening-persons-merge-no = No, go back
editions-title = Red Book editions
editions-back = Back to the Red Book
editions-lead = An edition is the Red Book as it stood on a day, as a PDF to send to FIA circles and immigration counters. It can be downloaded again at any time: it is drawn from the records as they were on that day and checked against the fingerprint kept when it was issued. Persons recorded as victims are never printed.
editions-as-of = As of
editions-as-of-hint = Today, or an earlier day to reproduce the list as it stood then.
editions-issue = Issue edition
editions-number = Edition
editions-edition = Edition { $n }
editions-persons = Persons listed
editions-issued = Issued
editions-recipients = Offices
editions-none = No edition has been issued yet.
editions-issued-done = Edition issued
editions-issued-next = Download it to send it, then record each office that received it.
editions-recorded-done = Office recorded as having received this edition
editions-office = Office
editions-fingerprint = Fingerprint (SHA-256)
editions-download = Download PDF
editions-download-hint = The download is recorded in the audit trail, with whether it matches the edition issued.
editions-recipients-title = Offices that received this edition
editions-office-received = Office that received it
editions-record = Record office
editions-recorded = Recorded
editions-no-recipients = No office has been recorded yet.
editions-red-book = Red Book
gazette-title = Intelligence Gazette
gazette-short = Gazette
gazette-back = Back to the watchlists
gazette-lead = The quarterly Human Trafficking Intelligence Gazette as a PDF for FIA circles and police: trends, routes and modus operandi of the quarter's cases (counts, small ones protected as in every statistic) and the wanted persons added to the Red Book. It is drawn from the records as they stood on the day chosen and can be reproduced and checked later. It holds no victim's details.
gazette-quarter = Quarter

## Exit control: expiry, review and why listed (issue 13, item 6)
screening-review-on = Next review
screening-review-on-hint = Leave empty for the list's default: in 6 months for an Interpol notice or an accused listed from a case, in a year for the others. For example, 15 9 2026
screening-expires-on = Expires on
screening-expires-on-hint = After this day the entry raises no alert. Leave empty to keep it until it is removed.
screening-entry-title = Watchlist entry
screening-entry-open = Details and reviews
screening-entry-no-expiry = Not set: listed until removed
screening-entry-no-review = Not set
screening-entry-state = Screening
screening-entry-active = Screened against
screening-entry-removed = Removed from screening
screening-due = Due for review
screening-expired = Expired: raises no alerts
screening-due-only = Due for review only
screening-due-count = { $count ->
    [one] { $count } entry is due for review
   *[other] { $count } entries are due for review
}
screening-review-by-date = Review by { $date }
screening-expires-date = Expires { $date }
screening-expired-date = Expired { $date }
screening-reviews-title = Reviews
screening-reviews-none = Not reviewed yet.
screening-review-col-when = When
screening-review-col-decision = Decision
screening-review-col-dates = Dates set
screening-review-col-reason = Reason
screening-review-decision-keep = Kept
screening-review-decision-extend = Extended
screening-review-decision-remove = Removed
screening-review-title = Review this entry
screening-review-decision = Decision
screening-review-choice-keep = Keep on the list until the next review
screening-review-choice-extend = Extend: set a new expiry date
screening-review-choice-remove = Remove from the list (it stops raising alerts)
screening-review-next = Date of the next review
screening-review-next-hint = Needed to keep or to extend. For example, 15 9 2026
screening-review-expires = New expiry date
screening-review-expires-hint = Needed to extend. When keeping an entry with no expiry, you may set one.
screening-review-reason = Reason
screening-review-reason-hint = What you checked: the case, the court's order, the notice.
screening-review-submit = Record the review
screening-reviewed-keep = Review recorded: the entry stays on the list; its next review is on { $date }.
screening-reviewed-extend = Review recorded: the entry is extended until { $date }.
screening-reviewed-remove = Review recorded: the entry is removed from screening and raises no more alerts.
screening-why-listed = Why listed
screening-listed-from-case = Accused in case { $case }
screening-listed-status = Status: { $status }
screening-listed-since = recorded { $date }
screening-listed-court = Court: { $court }
screening-listed-order = Order or remark: { $order }
screening-review-by = By { $name }
