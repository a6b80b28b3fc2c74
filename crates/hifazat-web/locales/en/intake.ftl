# The front door for staff (/intake): the queue of public reports and helpline records, the
# helpline form, an item and its triage, the dashboard, duty officers.
# Code lists: intake-LIST-CODE (underscores written as dashes).
nav-intake = Reports and calls
intake-title = Reports and calls
intake-lead-triage = Public reports and helpline calls for your jurisdiction. Triage each: what it is, and what is done with it. Immediate danger must be acted on within the hour.
intake-lead-operator = The calls and messages you have recorded. Supervisors triage them; immediate danger goes at once to the district's duty officer.
intake-record = Record a call or message
intake-dashboard = Reports dashboard
intake-dashboard-lead = Reports and calls received in the period: how they came in, what triage found, and how fast someone acted on them.
intake-alerts-title = { $count ->
    [one] { $count } report of immediate danger waits for action
   *[other] { $count } reports of immediate danger wait for action
}
intake-alert-line = Immediate danger · { $reference } · { $district } · received { $when }
intake-tile-untriaged = awaiting triage
intake-tile-overdue = overdue
intake-tile-immediate = immediate danger not yet acted on
intake-filters = Filter the reports
intake-filter-status = Status
intake-filter-source = Came through
intake-filter-district = District
intake-filter-all = All
intake-filter-overdue = Only overdue
intake-filter-apply = Show
intake-list = Reports
intake-count = { $count ->
    [one] { $count } report
   *[other] { $count } reports
}
intake-none = No reports match.
intake-none-period = No reports in this period.
intake-reference = Reference
intake-received = Received
intake-urgency = Urgency
intake-district = District
intake-channel = Came in by
intake-status = Status
intake-no-district = No district given (national queue)
intake-overdue = overdue
intake-overdue-since = Overdue: someone should have acted on it by { $when }.
intake-due = act by { $when }
intake-woman-officer-short = woman officer
intake-woman-officer = The caller asked for a woman officer
intake-woman-officer-asked = a woman officer was asked for
intake-duty-title = Duty officers
intake-duty-lead = A report of immediate danger goes at once to the duty officer of its district, and shows on their "My work" until they say what is being done.
intake-duty-none = No duty officer named yet: immediate danger shows to the district's supervisors only.
intake-duty-since = since { $when }
intake-duty-officer = Officer
intake-duty-set = Name the duty officer
intake-choose = Choose
intake-back = Back to reports and calls
intake-new-title = Record a call or message
intake-new-lead = What the caller says about a victim is kept encrypted, and every reading of it is recorded.
intake-language = Language
intake-caller = Who called
intake-urgency-hint = Immediate danger goes at once to the district's duty officer; choose the district.
intake-district-unknown = Not known
intake-situation = What the caller says
intake-situation-hint = Who is affected, where they are, since when, who is responsible.
intake-signs = Signs of trafficking heard
intake-contact = How to reach the caller
intake-contact-hint = Only if the caller wants to give them.
intake-caller-name = Caller's name
intake-caller-phone = Caller's number
intake-contact-consent = The caller agrees to be contacted again
intake-record-save = Record it
intake-consents = agrees to be contacted
intake-recorded-by = Recorded by
intake-escalated-to = Escalated to
intake-acknowledged = acknowledged { $when }
intake-routed-to = routed to { $district }
intake-note = Note
intake-note-hint = Kept encrypted like what the caller said.
intake-add-note = Add a note
intake-by-reporter = added by the reporter
intake-action-taken = What is being done
intake-ack-title = Acknowledge: immediate danger
intake-acknowledge = Acknowledge
intake-triage-title = Triage
intake-inquiry-label = Open an inquiry as
intake-open-inquiry = Open an inquiry
intake-open-inquiry-hint = Opens the case form with what the report gives; the case is registered at "Inquiry" in its district and this report is triaged with it.
intake-classification = What it is
intake-triage-action = What to do with it
intake-urgency-change = Urgency
intake-urgency-keep = Keep as it is
intake-case-reference = Case reference
intake-case-reference-hint = To link it to a case.
intake-person = Person record number
intake-person-hint = To link it to a person.
intake-route-to = Route to district
intake-route-to-hint = It waits there for that district's triage.
intake-duplicate-of = Repeats report
intake-duplicate-of-hint = The reference of the report it repeats.
intake-triage-save = Save the triage
intake-inquiry-from = Opening an inquiry from a report: the case is registered at "Inquiry" and the report is triaged with it. Write the summary without victims' names.
intake-done-recorded = Recorded as { $reference }.
intake-done-escalated = Recorded as { $reference } and sent at once to the duty officer { $officer }.
intake-done-triaged = Triage saved.
intake-done-acknowledged = Acknowledged: the alert is cleared.
intake-done-note = Note added.
intake-done-duty = Duty officer named.
intake-done-inquiry = Inquiry { $reference } opened from the report, and the report triaged. Next, add the persons.
intake-period = Period
intake-last-days = { $n ->
    [one] last day
   *[other] last { $n } days
}
intake-by-channel = By channel and outcome
intake-outcome = What triage found
intake-items = Reports
intake-awaiting-triage = Awaiting triage
intake-response = Time to first action
intake-acted-on = Acted on
intake-within-limit = Within the limit
intake-median = Median
intake-p90 = 9 in 10 within
intake-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
intake-hours = { $n ->
    [one] { $n } hour
   *[other] { $n } hours
}
intake-days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}
intake-work-waiting = { $count ->
    [one] { $count } report or call awaits triage
   *[other] { $count } reports and calls await triage
}
intake-work-overdue = { $count ->
    [one] { $count } overdue
   *[other] { $count } overdue
}
intake-monitoring-title = Reports and calls

intake-source-public = Public report
intake-source-helpline = Helpline
intake-channel-web = Online form
intake-channel-call = Phone call
intake-channel-sms = Text message
intake-channel-whatsapp = WhatsApp
intake-channel-email = Email
intake-channel-walk-in = In person
intake-language-urdu = Urdu
intake-language-english = English
intake-language-punjabi = Punjabi
intake-language-sindhi = Sindhi
intake-language-pashto = Pashto
intake-language-balochi = Balochi
intake-language-saraiki = Saraiki
intake-language-other = Other
intake-caller-victim = The victim
intake-caller-family = Family of the victim
intake-caller-witness = A witness
intake-caller-other = Someone else
intake-caller-anonymous = Anonymous
intake-urgency-immediate = Immediate danger (act within 1 hour)
intake-urgency-urgent = Urgent (within 24 hours)
intake-urgency-routine = Routine (within 72 hours)
intake-class-possible-tip = Possible trafficking in persons
intake-class-possible-som = Possible smuggling of migrants
intake-class-labour-complaint = Labour complaint
intake-class-not-trafficking = Not trafficking or smuggling
intake-class-duplicate = Duplicate of another report
intake-status-new = Awaiting triage
intake-status-triaged = Triaged
intake-action-link-case = Link to a case
intake-action-link-person = Link to a person
intake-action-open-inquiry = Inquiry opened
intake-action-route = Route to another district
intake-action-close = Close
intake-agents = Recruitment agents named
intake-link-agent = Link to a recruitment agent
intake-agent = Agent's number or licence number
intake-agent-hint = From the agent's page under Agents, or the licence number (for example OEP 3814/RWP). The agent's page then lists this report among its complaints.
intake-done-agent = Linked to the agent: the agent's page lists this report.
