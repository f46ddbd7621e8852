//! A flat, pre-order view of the parsed page that every later pass walks.
//!
//! Each node knows its parent and the index one past its last descendant,
//! so "the subtree of i" is the range `i..end`, bottom-up aggregation is a
//! reverse loop adding into parents, and no pass ever recurses: a page
//! nested 100,000 levels deep costs the same stack as a flat one.

use super::parse::{ANode, Arena, Data, Element, NONE};

pub const NO_PARENT: u32 = u32::MAX;

#[derive(Clone, Copy)]
pub enum Kind<'a> {
    Elem(&'a Element),
    Text(&'a str),
}

#[derive(Clone, Copy)]
pub struct Node<'a> {
    pub kind: Kind<'a>,
    pub parent: u32,
    /// One past the last descendant (pre-order), so the subtree is `i..end`.
    pub end: u32,
}

impl<'a> Node<'a> {
    pub fn tag(&self) -> &'a str {
        match self.kind {
            Kind::Elem(e) => e.name(),
            Kind::Text(_) => "",
        }
    }
    pub fn elem(&self) -> Option<&'a Element> {
        match self.kind {
            Kind::Elem(e) => Some(e),
            Kind::Text(_) => None,
        }
    }
    pub fn text(&self) -> Option<&'a str> {
        match self.kind {
            Kind::Text(t) => Some(t),
            Kind::Elem(_) => None,
        }
    }
    /// An attribute by name, without interning `name`.
    pub fn attr(&self, name: &str) -> Option<&'a str> {
        let e = self.elem()?;
        e.attrs.iter().find(|a| &*a.name.local == name).map(|a| &*a.value)
    }
}

/// The page's elements and text nodes in document order (comments,
/// doctypes and processing instructions are left out).
pub struct Dom<'a> {
    pub nodes: Vec<Node<'a>>,
}

impl<'a> Dom<'a> {
    pub fn build(arena: &'a Arena) -> Dom<'a> {
        let an: &'a [ANode] = &arena.nodes;
        let mut nodes: Vec<Node<'a>> = Vec::with_capacity(an.len());
        // Indices of the open elements. The walk follows first-child /
        // next-sibling / parent links by hand, so depth costs heap, not stack.
        let mut open: Vec<u32> = Vec::new();
        let mut cur = an.first().map_or(NONE, |d| d.first_child);
        while cur != NONE {
            let n = &an[cur as usize];
            let parent = open.last().copied().unwrap_or(NO_PARENT);
            let mut is_elem = false;
            match &n.data {
                Data::Element(e) => {
                    open.push(nodes.len() as u32);
                    nodes.push(Node { kind: Kind::Elem(e), parent, end: 0 });
                    is_elem = true;
                }
                Data::Text(t) => {
                    let i = nodes.len() as u32;
                    nodes.push(Node { kind: Kind::Text(t), parent, end: i + 1 });
                }
                Data::Document | Data::Other => {}
            }
            if is_elem && n.first_child != NONE {
                cur = n.first_child;
                continue;
            }
            // Close this node and every ancestor that has no next sibling.
            let mut at = cur;
            loop {
                let a = &an[at as usize];
                if matches!(a.data, Data::Element(_))
                    && let Some(i) = open.pop()
                {
                    nodes[i as usize].end = nodes.len() as u32;
                }
                if a.next != NONE {
                    cur = a.next;
                    break;
                }
                if a.parent == NONE || a.parent == 0 {
                    cur = NONE;
                    break;
                }
                at = a.parent;
            }
        }
        Dom { nodes }
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Concatenated text of a subtree with whitespace runs collapsed.
    pub fn text_of(&self, i: usize) -> String {
        let mut out = String::new();
        let end = self.nodes[i].end as usize;
        for n in &self.nodes[i..end] {
            match n.kind {
                Kind::Text(t) => push_collapsed(&mut out, t),
                // "Headline<br>Subtitle" must not run together.
                Kind::Elem(e) if e.name() == "br" || is_block(e.name()) => push_collapsed(&mut out, " "),
                Kind::Elem(_) => {}
            }
        }
        out.trim().to_string()
    }

    /// First index of an element with this tag.
    pub fn find_tag(&self, tag: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.tag() == tag)
    }
}

/// Appends `t` with every whitespace run turned into one space.
pub fn push_collapsed(out: &mut String, t: &str) {
    let mut space = out.ends_with(' ') || out.ends_with('\n') || out.is_empty();
    for c in t.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
                space = true;
            }
        } else {
            out.push(c);
            space = false;
        }
    }
}

/// Block-level tags: they start and end paragraphs in the output.
pub fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "tbody"
            | "thead"
            | "tfoot"
            | "figure"
            | "figcaption"
            | "form"
            | "fieldset"
            | "hr"
            | "address"
            | "details"
            | "summary"
            | "center"
            | "hgroup"
            | "caption"
            | "body"
            | "html"
            | "dialog"
            | "menu"
            | "noscript"
            | "legend"
            | "option"
            | "select"
            | "textarea"
            | "iframe"
            | "video"
            | "audio"
    )
}
