# The frame of every page: navigation, the language switch, paging, counts, errors.
# Keys are shared by all pages; each area of the product has its own file beside this one.

app-name = Hifazat
app-tagline = Case registry for trafficking in persons and smuggling of migrants
skip-to-content = Skip to main content
menu = Menu
nav-main = Main
nav-home = Home
nav-monitoring = Monitoring
nav-statistics = Statistics
nav-cases = Cases
nav-persons = Persons
nav-register = Register a case
nav-threats = Threats
nav-protection = Protection
nav-victims = Victims
nav-referrals = Referrals
nav-services = Services
nav-screening = Screening
nav-alerts = Alerts
nav-watchlists = Watchlists
nav-audit = Audit trail
nav-accounts = Accounts
nav-agencies = Agencies
nav-account = Your account
sign-out = Sign out
switch-language = اردو میں دیکھیں
switch-language-label = Language
footer-note = Hifazat · victims appear by code; every view of a victim's identity is recorded in the audit trail.

# Paging and counts.
pager-label = Pages
pager-previous = Previous
pager-next = Next
pager-page = Page { $page } of { $pages }
pager-showing = Showing { $from }–{ $to } of { $total }
pager-none = Nothing to show
count-cases = { $count ->
    [one] { $count } case
   *[other] { $count } cases
}
count-victims = { $count ->
    [one] { $count } victim
   *[other] { $count } victims
}
count-entries = { $count ->
    [one] { $count } entry
   *[other] { $count } entries
}
count-rows = { $count ->
    [one] { $count } row
   *[other] { $count } rows
}
count-accounts = { $count ->
    [one] { $count } account
   *[other] { $count } accounts
}
count-sessions = { $count ->
    [one] { $count } session
   *[other] { $count } sessions
}

# Forms.
error-summary-title = There is a problem
error-prefix = Error:
date-day = Day
date-month = Month
date-year = Year
optional = optional
any = Any
yes = Yes
no = No
none-dash = —
filter = Filter
search = Search
save = Save
cancel = Cancel
continue = Continue
back = Back

# Error pages.
error-back-home = Back to the start page
error-not-found-title = Page not found
error-not-found = There is no such page, or it is outside your jurisdiction.
error-record-not-found = There is no such record, or it is outside your jurisdiction.
error-forbidden-title = Not allowed
error-too-many-title = Too many attempts
error-server-title = Something went wrong
error-server = Something went wrong on our side; it has been logged. Try again, or tell your administrator.
error-bad-request-title = The request could not be read
error-too-large = The request is too large (at most 2 MiB).
error-nul = A NUL character (code 0) is not allowed in any field.
error-form-expired = This form has expired or did not come from Hifazat. Go back, reload the page and try again.
error-cross-site = Cross-site form posts are refused.

# Roles, provinces and jurisdictions (shown on every page).
role-administrator = Administrator
role-national_coordinator = National coordinator
role-supervisor = Supervisor
role-investigating_officer = Investigating officer
role-prosecutor = Prosecutor
role-protection_officer = Protection / referral officer
role-service_provider = Service provider
role-immigration_officer = Immigration officer
role-emigration_officer = Emigration authority (Bureau of Emigration)
role-helpline_operator = Helpline operator
role-analyst = Analyst
role-auditor = Auditor
province-PK-BA = Balochistan
province-PK-IS = Islamabad Capital Territory
province-PK-KP = Khyber Pakhtunkhwa
province-PK-PB = Punjab
province-PK-SD = Sindh
province-PK-JK = Azad Jammu and Kashmir
province-PK-GB = Gilgit-Baltistan
province-PK-TA = Federally Administered Tribal Areas
jurisdiction-national = National
jurisdiction-district = { $name } district

# Start pages and counts.
nav-work = My work
suppressed-count = fewer than { $threshold }
withheld-count = withheld
