# An officer's or prosecutor's own work, the monitoring page and the audit trail.

work-title = My work
work-lead-mine = The cases you investigate or supervise, and what needs doing in them. A case you register is yours until a supervisor assigns it.
work-lead-court = The cases before the court in your area: challan submitted, under trial and decided.
work-tasks = What needs doing
work-tile-open-mine = of your cases are open
work-tile-open-court = cases before the court
work-tile-no-fir = still without an FIR
work-tile-quiet = { $days ->
    [one] open with no activity for a day
   *[other] open with no activity for { $days } days
}
work-tile-hearings = { $days ->
    [one] hearings tomorrow
   *[other] hearings in the next { $days } days
}
work-hearings-title = { $days ->
    [one] Hearings tomorrow
   *[other] Hearings in the next { $days } days
}
work-no-hearings = { $days ->
    [one] No hearing tomorrow.
   *[other] No hearing in the next { $days } days.
}
work-hearings-more = The first { $shown } of { $total } are shown.
work-list-open-mine = Your open cases
work-list-open-court = Open cases before the court
work-list-quiet = { $days ->
    [one] Open cases with no activity for a day
   *[other] Open cases with no activity for { $days } days
}
work-list-no-fir = Cases still without an FIR
work-none-mine = None of your cases is on this list.
work-none-court = No case is on this list.
work-all-cases = All cases
work-date = Date
work-case = Case
work-court = Court
work-purpose = Purpose
work-kind = Kind
work-stage = Stage
work-district = District
work-reported = Reported
work-victims = Victims
work-last-activity = Last activity

monitoring-title = Monitoring
monitoring-aggregates-only = Aggregates only: counts from 1 to 4 are shown as "fewer than 5", others are withheld where needed so that a small count cannot be worked out from the totals beside it ("withheld"), and no case is listed.
monitoring-one-release = The whole of your jurisdiction, without filters: several filtered views of the same cases could be subtracted from one another. Use Statistics for figures by year.
monitoring-district = District
monitoring-all-in = All in { $place }
monitoring-kind = Kind
monitoring-stalled-after = Stalled after (days)
monitoring-stalled-hint = Open cases with no activity for this many days are stalled.
monitoring-apply = Apply
monitoring-counts = Counts
monitoring-tile-cases = cases
monitoring-tile-open = open
monitoring-tile-stalled = { $days ->
    [one] stalled (no activity for a day)
   *[other] stalled (no activity for { $days } days)
}
monitoring-tile-hearings = { $days ->
    [one] hearings tomorrow
   *[other] hearings in the next { $days } days
}
monitoring-by-month = Cases reported per month
monitoring-chart-desc = Bars for each of the last twelve months: trafficking cases beside smuggling cases. The same numbers are in the table below the chart.
monitoring-chart-table = The numbers as a table
monitoring-month = Month
monitoring-trafficking = Trafficking
monitoring-smuggling = Smuggling
monitoring-all = All cases
monitoring-both-note = A case of both trafficking and smuggling counts in both; an undetermined case counts in neither, but in all cases.
monitoring-by-stage = By stage
monitoring-by-kind = By kind
monitoring-open-age = Age of open cases
monitoring-age-0-3m = under 3 months
monitoring-age-3-6m = 3 to 6 months
monitoring-age-6-12m = 6 to 12 months
monitoring-age-1-2y = 1 to 2 years
monitoring-age-2y-plus = over 2 years
monitoring-by-district = By district
monitoring-cases = Cases
monitoring-open = Open
monitoring-no-cases = No cases.
monitoring-stalled-title = Stalled cases, longest without activity first
monitoring-stalled-shown = { $shown } of { $total }
monitoring-days-quiet = Days without activity
monitoring-no-stalled = No stalled cases.

audit-title = Audit trail
audit-lead = Every change, every view of a case or a victim's identity, every sign-in, newest first. Times are Pakistan time.
audit-filter = Filter the audit trail
audit-user = User
audit-action = Action
audit-case = Case
audit-case-hint = A case reference
audit-when = When
audit-record = Record
audit-from = From
audit-detail = Detail
audit-none = No entry matches these filters.
audit-action-create = Created
audit-action-update = Changed
audit-action-transition = Stage changed
audit-action-view = Viewed
audit-action-view_identity = Victim's identity viewed
audit-action-export = Exported
audit-action-access_denied = Refused
audit-action-login = Signed in
audit-action-login_failed = Sign-in failed
audit-action-logout = Signed out
audit-action-merge = Person records merged
audit-action-unmerge = Merge undone
audit-action-import = Imported
audit-action-disable = Account disabled
audit-action-enable = Account enabled
audit-action-password_change = Password changed
audit-action-password_reset = Password reset
audit-action-second_factor = Second factor
audit-action-session_end = Sessions ended
audit-action-key_rotation = Keys rotated
audit-action-backup = Backup taken
audit-action-purge = Records purged
work-transfers = Transfers waiting
work-transfers-incoming = Offered to your district: accept or decline
work-transfers-outgoing = Asked for by your district
