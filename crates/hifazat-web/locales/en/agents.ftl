# Recruitment agents (/agents): licensed Overseas Employment Promoters and unlicensed agents.
# Code lists: agents-LIST-CODE (underscores written as dashes).

nav-agents = Agents
agents-title = Recruitment agents
agents-lead = Overseas Employment Promoters licensed by the Bureau of Emigration, and the unlicensed agents and sub-agents met in cases. Victims are counted, never named.
agents-count = { $count ->
    [one] { $count } agent
   *[other] { $count } agents
}
agents-add = Add an unlicensed agent
agents-add-lead = Someone who recruits for work abroad without a licence, met in a case, a report or at screening. Record what identifies them; do not name a victim.
agents-back = Back to recruitment agents
agents-breadcrumb = Breadcrumb
agents-search-label = Search recruitment agents
agents-search = Name, licence or phone
agents-search-hint = A part of a name or other name, a licence number such as OEP 3814/RWP, or a phone number.
agents-kind = Kind
agents-status = Licence status
agents-name = Name
agents-licence = Licence number
agents-district = District
agents-cases = Cases
agents-victims = Victims
agents-expires = expires { $date }
agents-not-licensed = Not licensed
agents-none = No recruitment agents recorded yet.
agents-none-match = No recruitment agent matches these filters.
agents-choose = Choose
agents-aliases = Other names
agents-one-per-line = One per line.
agents-phones = Phone numbers
agents-phones-hint = One per line, for example 0300 1234567.
agents-notes = Notes
agents-notes-hint = How they recruit and where they were met. Do not name a victim.
agents-the-licence = The licence
agents-the-agent = The agent
agents-recorded-as = recorded as { $status }
agents-issued-on = Issued
agents-expires-on = Expires
agents-offices = Offices
agents-address = Head office address
agents-victims-linked = Victims linked
agents-victims-linked-hint = distinct victims in all the linked cases, including those outside your jurisdiction
agents-recorded = Recorded
agents-actions = Actions on the licence
agents-acted-suspension = Licence suspended
agents-acted-cancellation = Licence cancelled
agents-acted-prosecution = Sanction to prosecute
agents-acted-referral = Referred (FIA or labour ministry)
agents-yes = Yes
agents-no = No
agents-date = Date
agents-action = Action
agents-reason = Reason
agents-recorded-by = Recorded by
agents-no-actions = No action taken on this licence.
agents-record-action = Record an action on the licence
agents-taken-on = Date of the order
agents-date-hint = For example, 27 3 2026
agents-order-reference = Order number or file reference
agents-linked-cases = Linked cases
agents-count-cases = { $count ->
    [one] { $count } case in all
   *[other] { $count } cases in all
}
agents-case = Case
agents-stage = Stage
agents-note = Note
agents-no-cases = No case in your jurisdiction is linked to this agent.
agents-cases-hidden = { $count ->
    [one] { $count } more linked case is outside your jurisdiction: counted, not shown.
   *[other] { $count } more linked cases are outside your jurisdiction: counted, not shown.
}
agents-link-case = Link a case
agents-case-reference = Case reference
agents-case-reference-hint = For example, GRW-2026-0012. Only a case in your jurisdiction.
agents-case-note = What the agent did in the case
agents-linked-persons = Linked person records
agents-person = Person
agents-no-persons = No person record in your jurisdiction is linked to this agent.
agents-persons-hidden = { $count ->
    [one] { $count } more linked person record is outside your jurisdiction.
   *[other] { $count } more linked person records are outside your jurisdiction.
}
agents-no-linkable = Link a case first: the persons of its cases (never a victim) can then be linked here.
agents-link-person = Link a person record
agents-link-person-hint = Someone recorded in a linked case, as accused or otherwise; never a victim.
agents-person-note = Why they are linked
agents-complaints = Complaints and reports
agents-complaint = Reference
agents-received = Received
agents-no-complaints = No complaint or report names this agent.
agents-done-added = The agent is recorded. Link the cases they appear in.
agents-done-action = The action is recorded.
agents-done-case = The case is linked.
agents-done-person = The person record is linked.
agents-import-title = Import the register of promoters
agents-import-lead = The Bureau of Emigration's register of licensed promoters, as a CSV file. A licence already in the register is updated; a change of its status is kept as an action on the licence.
agents-import-report = What the import did
agents-import-summary = { $rows } rows read: { $created } promoters added, { $updated } updated, { $unchanged } unchanged, { $rejected } rows refused.
agents-import-refused-intro = Nothing of a refused row was written. Correct these rows in the text below and import it again: rows already imported are left unchanged.
agents-import-problems = Problems, by line
agents-line = Line
agents-column = Column
agents-problem = Problem
agents-the-file = The file
agents-csv-text = Paste the CSV file here
agents-import = Import
agents-columns = Columns
agents-columns-intro = The first line names the columns; licence_number, name and status are required:
agents-col-licence = The licence number as the Bureau writes it, for example OEP 3814/RWP.
agents-col-name = The promoter's name.
agents-col-dates = Dates of issue and expiry, as 2026-03-27 or 27/03/2026.
agents-col-districts = The districts of its offices, head office first, by code or name, separated by ;
agents-col-address = The head office's address.
agents-columns-again = Importing the same file again changes nothing.
agents-status-valid = Valid
agents-status-suspended = Suspended
agents-status-cancelled = Cancelled
agents-status-expired = Expired
agents-kind-promoter = Licensed promoter (OEP)
agents-kind-unlicensed = Unlicensed agent
agents-action-warning = Warning or show-cause notice
agents-action-suspension = Licence suspended
agents-action-cancellation = Licence cancelled
agents-action-restoration = Licence restored
agents-action-expiry = Licence lapsed (not renewed)
agents-action-security-forfeited = Security deposit forfeited
agents-action-prosecution-sanction = Sanction to prosecute
agents-action-referral-fia = Referred to the FIA
agents-action-referral-labour-ministry = Referred to the Ministry of Overseas Pakistanis and HRD
# The public look-up (/public/agents): the licence's status and nothing else.
agents-public-query = Licence number or the agent's name
agents-public-query-hint = For example OEP 3814/RWP, or the name on the agent's office board or receipt.
agents-public-check = Check the licence
agents-public-found = { $count ->
    [one] One licensed promoter matches
   *[other] { $count } licensed promoters match
}
agents-public-name = Name
agents-public-districts = Licensed offices in
agents-public-valid = this promoter may recruit workers for jobs abroad.
agents-public-not-valid = this promoter may not recruit workers now. Do not pay them.
agents-public-not-licensed = Not licensed
agents-public-not-licensed-text = No licensed promoter matches “{ $query }”. An agent without a licence from the Bureau of Emigration may not send anyone abroad for work: do not pay them, and do not hand over your passport.
agents-public-report = Report this agent
agents-public-only-status = This page shows only what the Bureau of Emigration's register says about a licence. Check the spelling, or try the licence number written on the agent's receipt.
# On a case's page.
agents-case-title = Recruitment agents
agents-case-none = none linked
agents-case-how = to link one, open the agent under Agents (or add them there) and link this case's reference.
