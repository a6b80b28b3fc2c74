//! The network view (issue 13, item 4): `/network?start=case:12&hops=2`, what links to what
//! around a case, person, agent or returnee, drawn on the server as rings by distance from the
//! start, with every node and link listed beside it; `GET /api/v1/network` answers the same
//! graph as JSON. The store decides what may be shown ([`hifazat_store::persons::network`]).

use crate::auth::{ApiUser, WebUser};
use crate::error::{ApiError, ErrorBody, PageError};
use crate::pages::{form_page, Chrome};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use hifazat_store::persons::network::{Graph, Node, NodeKind};
use hifazat_store::StoreError;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The page's route.
pub fn routes() -> Router<AppState> {
    Router::new().route("/network", get(page))
}

/// The API's route, under `/api/v1`.
pub fn api_routes() -> Router<AppState> {
    Router::new().route("/network", get(api))
}

/// Where to start and how far to go.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NetworkQuery {
    /// The start: `case:ID`, `person:UID`, `agent:ID` or `returnee:ID`.
    pub start: String,
    /// Hops to follow, 1 to 3 (2 when absent).
    pub hops: Option<u8>,
}

fn parse_start(s: &str) -> Option<(NodeKind, &str)> {
    let (kind, id) = s.split_once(':')?;
    let kind = match kind {
        "case" => NodeKind::Case,
        "person" => NodeKind::Person,
        "agent" => NodeKind::Agent,
        "returnee" => NodeKind::Returnee,
        _ => return None,
    };
    (!id.trim().is_empty()).then_some((kind, id.trim()))
}

async fn graph(s: &hifazat_store::Scoped<'_>, q: &NetworkQuery) -> Result<Graph, StoreError> {
    let (kind, id) = parse_start(&q.start).ok_or(StoreError::NotFound)?;
    s.network(kind, id, q.hops.unwrap_or(2)).await
}

/// The graph around a case (`case:ID`), person (`person:UID`), agent (`agent:ID`) or returnee
/// (`returnee:ID`): nodes (cases, persons — victims by code only —, agents, returnees,
/// watchlist entries, routes) and links, up to `hops` away, within the caller's scope; links to
/// cases outside it are counted in `hidden_cases`. 404 when the start is not readable.
#[utoipa::path(get, path = "/api/v1/network", params(NetworkQuery),
    responses((status = 200, body = Graph), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn api(
    State(app): State<AppState>,
    user: ApiUser,
    Query(q): Query<NetworkQuery>,
) -> Result<Json<Graph>, ApiError> {
    let s = user.scoped(&app.store);
    Ok(Json(graph(&s, &q).await?))
}

#[derive(Template)]
#[template(path = "network.html")]
struct NetworkPage {
    chrome: Chrome,
    g: Graph,
    svg: String,
    start: String,
}

impl NetworkPage {
    fn kind(&self, k: &NodeKind) -> String {
        self.chrome.tr.t(format!("network-kind-{}", k.code()))
    }
    fn relation(&self, r: &str) -> String {
        self.chrome
            .tr
            .t(format!("network-rel-{}", r.replace('_', "-")))
    }
    fn label_of(&self, id: &str) -> String {
        self.g
            .nodes
            .iter()
            .find(|n| n.id == id)
            .map(|n| self.shown(n))
            .unwrap_or_else(|| id.to_owned())
    }
    fn shown(&self, n: &Node) -> String {
        shown_label(&self.chrome, n)
    }
    fn summary(&self) -> String {
        let tr = &self.chrome.tr;
        tr.args(
            "network-summary",
            &[
                ("nodes", tr.n(self.g.nodes.len()).as_str()),
                ("links", tr.n(self.g.edges.len()).as_str()),
                ("hops", tr.n(self.g.hops as i64).as_str()),
            ],
        )
    }
}

/// A node's label for the page: a victim's code in the page's words.
fn shown_label(c: &Chrome, n: &Node) -> String {
    match n.label.strip_prefix("Victim") {
        Some(code) if n.victim => format!("{}{code}", c.tr.t("network-victim")),
        _ => n.label.clone(),
    }
}

/// `GET /network?start=…&hops=…`: the graph drawn and listed.
pub async fn page(
    State(app): State<AppState>,
    user: WebUser,
    Query(q): Query<NetworkQuery>,
) -> Result<Response, PageError> {
    let s = user.scoped(&app.store);
    let g = graph(&s, &q).await?;
    let chrome = Chrome::of(&user);
    let svg = draw(
        &g,
        &|n| shown_label(&chrome, n),
        &chrome.tr.t("network-chart-title"),
    );
    form_page(
        true,
        NetworkPage {
            chrome,
            g,
            svg,
            start: q.start,
        },
    )
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Rings by distance: the start in the middle, each hop on its own circle, nodes evenly
/// around it (in the graph's order), links as straight lines. Labels are written for rings of
/// at most 24 nodes; every node keeps its name in a tooltip and in the list beside the chart.
pub fn draw(g: &Graph, label: &dyn Fn(&Node) -> String, title: &str) -> String {
    const W: f64 = 900.0;
    const H: f64 = 720.0;
    let (cx, cy) = (W / 2.0, H / 2.0);
    let max_hop = g.nodes.iter().map(|n| n.hops).max().unwrap_or(0).max(1) as f64;
    let ring = (H / 2.0 - 50.0) / max_hop;
    let mut by_hop: BTreeMap<u8, Vec<&Node>> = BTreeMap::new();
    for n in &g.nodes {
        by_hop.entry(n.hops).or_default().push(n);
    }
    let mut at: BTreeMap<&str, (f64, f64, bool)> = BTreeMap::new();
    for (hop, nodes) in &by_hop {
        let r = *hop as f64 * ring;
        let count = nodes.len().max(1) as f64;
        for (i, n) in nodes.iter().enumerate() {
            // Offset each ring a little so that spokes do not line up.
            let angle = std::f64::consts::TAU * (i as f64 / count) + *hop as f64 * 0.35;
            at.insert(
                n.id.as_str(),
                (
                    cx + r * angle.cos(),
                    cy + r * angle.sin(),
                    nodes.len() <= 24,
                ),
            );
        }
    }
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-labelledby=\"network-chart-title\" class=\"network\"><title id=\"network-chart-title\">{}</title>",
        esc(title)
    );
    for e in &g.edges {
        if let (Some(a), Some(b)) = (at.get(e.from.as_str()), at.get(e.to.as_str())) {
            out.push_str(&format!(
                "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" class=\"link {}\"/>",
                a.0, a.1, b.0, b.1, e.relation
            ));
        }
    }
    for n in &g.nodes {
        let Some((x, y, named)) = at.get(n.id.as_str()) else {
            continue;
        };
        let text = label(n);
        let r = if n.hops == 0 { 11.0 } else { 7.0 };
        out.push_str(&format!(
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r}\" class=\"node {}{}\"><title>{}</title></circle>",
            n.kind.code(),
            if n.victim { " victim" } else { "" },
            esc(&text)
        ));
        if *named || n.hops == 0 {
            let short: String = text.chars().take(28).collect();
            out.push_str(&format!(
                "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                y + r + 12.0,
                esc(&short)
            ));
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use hifazat_store::persons::network::Edge;

    fn node(id: &str, kind: NodeKind, hops: u8, victim: bool) -> Node {
        Node {
            id: id.into(),
            kind,
            label: if victim {
                "Victim V-1".into()
            } else {
                format!("<{id}>")
            },
            href: None,
            hops,
            victim,
        }
    }

    /// Every kind of node and every relation has its words in both languages.
    #[test]
    fn every_kind_and_relation_has_its_words() {
        use crate::i18n::{keys, Lang};
        let mut wanted: Vec<String> = [
            NodeKind::Case,
            NodeKind::Person,
            NodeKind::Agent,
            NodeKind::Returnee,
            NodeKind::Entry,
            NodeKind::Route,
        ]
        .iter()
        .map(|k| format!("network-kind-{}", k.code()))
        .collect();
        for r in hifazat_domain::PersonRole::ALL
            .iter()
            .map(|r| r.code())
            .chain([
                "agent",
                "debriefing",
                "named_in_debriefing",
                "same_person",
                "listed",
                "matched",
                "route",
            ])
        {
            wanted.push(format!("network-rel-{}", r.replace('_', "-")));
        }
        for lang in Lang::ALL {
            let have = keys(*lang);
            let missing: Vec<_> = wanted.iter().filter(|k| !have.contains(k)).collect();
            assert!(missing.is_empty(), "{}: {missing:?}", lang.code());
        }
    }

    #[test]
    fn every_node_and_link_is_drawn_and_names_are_escaped() {
        let g = Graph {
            start: "case:1".into(),
            hops: 2,
            nodes: vec![
                node("case:1", NodeKind::Case, 0, false),
                node("agent:4", NodeKind::Agent, 1, false),
                node("person:9", NodeKind::Person, 1, true),
                node("returnee:2", NodeKind::Returnee, 2, false),
            ],
            edges: vec![
                Edge {
                    from: "agent:4".into(),
                    to: "case:1".into(),
                    relation: "agent".into(),
                },
                Edge {
                    from: "case:1".into(),
                    to: "person:9".into(),
                    relation: "victim".into(),
                },
                Edge {
                    from: "agent:4".into(),
                    to: "returnee:2".into(),
                    relation: "named_in_debriefing".into(),
                },
            ],
            hidden_cases: 0,
            truncated: false,
        };
        let svg = draw(&g, &|n| n.label.clone(), "Network");
        assert_eq!(svg.matches("<line").count(), 3);
        assert_eq!(svg.matches("<circle").count(), 4);
        assert!(svg.contains("node person victim"));
        assert!(svg.contains("&lt;case:1&gt;") && !svg.contains("<case:1>"));
        assert_eq!(
            svg,
            draw(&g, &|n| n.label.clone(), "Network"),
            "deterministic"
        );
        assert_eq!(parse_start("case:12"), Some((NodeKind::Case, "12")));
        assert_eq!(parse_start("victim:1"), None);
        assert_eq!(parse_start("case:"), None);
    }
}
