# Identifiers (issue 13, item 3): where else a phone number, account or address appears.
nav-identifiers = Phones and accounts
identifiers-title = Where else does this number appear?
identifiers-lead = Search a phone number, bank account, mobile wallet or address across cases, persons in cases, reports and helpline records, returnees and recruitment agents. You see what your jurisdiction allows; the rest is counted, not shown. Every search is recorded in the audit trail.
identifiers-kind = What it is
identifiers-kind-phone = Phone number
identifiers-kind-bank-account = Bank account
identifiers-kind-wallet = Mobile wallet (JazzCash, Easypaisa)
identifiers-kind-address = Address
identifiers-value = Number, IBAN or address
identifiers-value-hint = A phone is found however it is written (0300-1234567 is +92 300 1234567); a phone also finds wallets with that number. An address is found only when written the same way, ignoring capitals and punctuation.
identifiers-bank = Bank
identifiers-bank-hint = Only for an account number that is not an IBAN, for example HBL.
identifiers-search = Search
identifiers-count = { $count ->
    [one] { $count } place you may see
   *[other] { $count } places you may see
}
identifiers-outside = { $count ->
    [one] { $count } more outside your jurisdiction
   *[other] { $count } more outside your jurisdiction
}
identifiers-none = It appears nowhere you may see.
identifiers-shown = The latest { $shown } of { $total } are shown.
identifiers-entity = Linked to
identifiers-entity-person = Persons in cases
identifiers-entity-case = Cases
identifiers-entity-intake-item = Reports and helpline records
identifiers-entity-returnee = Returnees
identifiers-entity-agent = Recruitment agents
identifiers-record = Record
identifiers-as = As
identifiers-how = How it was recorded
identifiers-when = When
identifiers-by-officer = Linked by an officer
identifiers-from-record = Held in the record
identifiers-link-title = Link a phone, account or address
identifiers-link-lead = Record that a number, account or address belongs with a record you may read: a case, a person in a case, a report, a returnee or an agent.
identifiers-choose = Choose
identifiers-reference = Reference
identifiers-reference-hint = A case reference, a victim code or a person's record id, a report's reference, a returnee's reference (RT-…), or an agent's number.
identifiers-note = Note (optional)
identifiers-link = Link
identifiers-done-linked = Linked. It is now found from every other place it appears.
identifiers-back-to-case = Back to the case
identifiers-where-else = Where else?
