# The network view: what links to what around a case, person, agent or returnee (issue 13).

network-title = Network
network-lead = Cases, persons, agents, returnees, watchlist entries and routes linked to this one, and records sharing a phone, account or address with them, as far as you may read them. Victims are shown by their case code, never by name.
network-hops = Links to follow
network-show = Show
network-summary = { $nodes } records and { $links } links, up to { $hops } links away.
network-hidden = { $count ->
    [one] { $count } linked case is outside your jurisdiction and is not shown.
   *[other] { $count } linked cases are outside your jurisdiction and are not shown.
}
network-truncated = The network is too large to show whole: follow fewer links, or start from a record further out.
network-chart-title = The network, by distance from the start
network-nodes = Records
network-node = Record
network-kind = What it is
network-distance = Links away
network-recentre = start from here
network-links = Links
network-no-links = Nothing is linked to this record yet.
network-victim = Victim
network-kind-case = Case
network-kind-person = Person
network-kind-agent = Agent
network-kind-returnee = Returnee
network-kind-entry = Watchlist entry
network-kind-route = Route
network-rel-accused = accused in
network-rel-victim = victim in
network-rel-witness = witness in
network-rel-complainant = complainant in
network-rel-agent = agent in
network-rel-debriefing = debriefing opened
network-rel-named-in-debriefing = named in the debriefing of
network-rel-same-person = the same person as
network-rel-listed = listed as
network-rel-matched = matched on arrival
network-rel-route = took the route
network-open = Network
network-rel-shared-identifier = shares a phone, account or address with
