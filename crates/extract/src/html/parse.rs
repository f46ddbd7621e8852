//! html5ever into a small arena of our own, the tree [`super::dom::Dom`] is
//! flattened from.
//!
//! A general DOM (scraper's ego-tree of `Node`s with sorted attribute maps
//! and cached class sets, an error list) cost a fifth of extraction time in
//! building, walking and dropping. Here a node is five `u32` links and its
//! data: the element's name and attributes exactly as the tokenizer made
//! them (moved, never copied or sorted), or the text tendril. Comments,
//! doctypes and processing instructions are kept only as placeholders the
//! flattening skips. Parse errors are ignored.

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{Attribute, QualName, local_name, ns};
use std::borrow::Cow;
use std::cell::{Ref, RefCell};

pub const NONE: u32 = u32::MAX;

pub enum Data {
    Document,
    Element(Element),
    Text(StrTendril),
    /// Comments, processing instructions, template contents: never read.
    Other,
}

pub struct Element {
    pub name: QualName,
    pub attrs: Vec<Attribute>,
}

impl Element {
    /// The local name ("div"), lowercase as the tokenizer made it.
    pub fn name(&self) -> &str {
        &self.name.local
    }
}

pub struct ANode {
    pub parent: u32,
    pub first_child: u32,
    pub last_child: u32,
    pub prev: u32,
    pub next: u32,
    pub data: Data,
}

/// The parsed page: node 0 is the document.
pub struct Arena {
    pub nodes: Vec<ANode>,
}

/// Parses a whole document (scripting on, no quirks override: html5ever's
/// defaults, as a browser parses): with the fast tokenizer, else with
/// html5ever's.
pub fn parse_document(markup: &str) -> Arena {
    super::tokenize::parse(markup).unwrap_or_else(|| parse_html5ever(markup))
}

/// html5ever's tokenizer and tree builder.
pub fn parse_html5ever(markup: &str) -> Arena {
    html5ever::parse_document(Sink::new(markup.len()), Default::default()).one(markup)
}

/// The tree builder's sink: the arena under construction.
pub struct Sink {
    nodes: RefCell<Vec<ANode>>,
}

impl Sink {
    /// An arena holding the document node, sized for `bytes` of markup.
    pub fn new(bytes: usize) -> Sink {
        let sink = Sink { nodes: RefCell::new(Vec::with_capacity(bytes / 40 + 16)) };
        sink.push(Data::Document);
        sink
    }

    pub fn into_arena(self) -> Arena {
        Arena { nodes: self.nodes.into_inner() }
    }

    fn push(&self, data: Data) -> u32 {
        let mut nodes = self.nodes.borrow_mut();
        let id = nodes.len() as u32;
        nodes.push(ANode { parent: NONE, first_child: NONE, last_child: NONE, prev: NONE, next: NONE, data });
        id
    }
}

fn detach(nodes: &mut [ANode], id: u32) {
    let n = &nodes[id as usize];
    let (parent, prev, next) = (n.parent, n.prev, n.next);
    if parent == NONE {
        return;
    }
    if prev != NONE {
        nodes[prev as usize].next = next;
    } else {
        nodes[parent as usize].first_child = next;
    }
    if next != NONE {
        nodes[next as usize].prev = prev;
    } else {
        nodes[parent as usize].last_child = prev;
    }
    let n = &mut nodes[id as usize];
    n.parent = NONE;
    n.prev = NONE;
    n.next = NONE;
}

fn append_child(nodes: &mut [ANode], parent: u32, child: u32) {
    let last = nodes[parent as usize].last_child;
    {
        let c = &mut nodes[child as usize];
        c.parent = parent;
        c.prev = last;
        c.next = NONE;
    }
    if last != NONE {
        nodes[last as usize].next = child;
    } else {
        nodes[parent as usize].first_child = child;
    }
    nodes[parent as usize].last_child = child;
}

fn insert_before(nodes: &mut [ANode], sibling: u32, child: u32) {
    let (parent, prev) = (nodes[sibling as usize].parent, nodes[sibling as usize].prev);
    {
        let c = &mut nodes[child as usize];
        c.parent = parent;
        c.prev = prev;
        c.next = sibling;
    }
    nodes[sibling as usize].prev = child;
    if prev != NONE {
        nodes[prev as usize].next = child;
    } else {
        nodes[parent as usize].first_child = child;
    }
}

impl TreeSink for Sink {
    type Output = Arena;
    type Handle = u32;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Arena {
        self.into_arena()
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn get_document(&self) -> u32 {
        0
    }

    fn same_node(&self, x: &u32, y: &u32) -> bool {
        x == y
    }

    fn elem_name<'a>(&'a self, target: &'a u32) -> Ref<'a, QualName> {
        Ref::map(self.nodes.borrow(), |n| match &n[*target as usize].data {
            Data::Element(e) => &e.name,
            // The tree builder only asks for names of elements it created.
            _ => unreachable!("elem_name on a non-element"),
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _flags: ElementFlags) -> u32 {
        let template = name.ns == ns!(html) && name.local == local_name!("template");
        let id = self.push(Data::Element(Element { name, attrs }));
        if template {
            // Its contents: a child the flattening never descends into.
            let frag = self.push(Data::Other);
            append_child(&mut self.nodes.borrow_mut(), id, frag);
        }
        id
    }

    fn create_comment(&self, _text: StrTendril) -> u32 {
        self.push(Data::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> u32 {
        self.push(Data::Other)
    }

    fn append_doctype_to_document(&self, _name: StrTendril, _public_id: StrTendril, _system_id: StrTendril) {}

    fn append(&self, parent: &u32, child: NodeOrText<u32>) {
        match child {
            NodeOrText::AppendNode(id) => append_child(&mut self.nodes.borrow_mut(), *parent, id),
            NodeOrText::AppendText(text) => {
                {
                    let mut nodes = self.nodes.borrow_mut();
                    let last = nodes[*parent as usize].last_child;
                    if last != NONE
                        && let Data::Text(t) = &mut nodes[last as usize].data
                    {
                        t.push_tendril(&text);
                        return;
                    }
                }
                let id = self.push(Data::Text(text));
                append_child(&mut self.nodes.borrow_mut(), *parent, id);
            }
        }
    }

    fn append_before_sibling(&self, sibling: &u32, new_node: NodeOrText<u32>) {
        if let NodeOrText::AppendNode(id) = new_node {
            detach(&mut self.nodes.borrow_mut(), id);
        }
        if self.nodes.borrow()[*sibling as usize].parent == NONE {
            return;
        }
        match new_node {
            NodeOrText::AppendNode(id) => insert_before(&mut self.nodes.borrow_mut(), *sibling, id),
            NodeOrText::AppendText(text) => {
                {
                    let mut nodes = self.nodes.borrow_mut();
                    let prev = nodes[*sibling as usize].prev;
                    if prev != NONE
                        && let Data::Text(t) = &mut nodes[prev as usize].data
                    {
                        t.push_tendril(&text);
                        return;
                    }
                }
                let id = self.push(Data::Text(text));
                insert_before(&mut self.nodes.borrow_mut(), *sibling, id);
            }
        }
    }

    fn append_based_on_parent_node(&self, element: &u32, prev_element: &u32, child: NodeOrText<u32>) {
        let has_parent = self.nodes.borrow()[*element as usize].parent != NONE;
        if has_parent { self.append_before_sibling(element, child) } else { self.append(prev_element, child) }
    }

    fn remove_from_parent(&self, target: &u32) {
        detach(&mut self.nodes.borrow_mut(), *target);
    }

    fn reparent_children(&self, node: &u32, new_parent: &u32) {
        let mut nodes = self.nodes.borrow_mut();
        let mut c = nodes[*node as usize].first_child;
        while c != NONE {
            let next = nodes[c as usize].next;
            detach(&mut nodes, c);
            append_child(&mut nodes, *new_parent, c);
            c = next;
        }
    }

    fn add_attrs_if_missing(&self, target: &u32, attrs: Vec<Attribute>) {
        let mut nodes = self.nodes.borrow_mut();
        if let Data::Element(e) = &mut nodes[*target as usize].data {
            for a in attrs {
                if !e.attrs.iter().any(|b| b.name == a.name) {
                    e.attrs.push(a);
                }
            }
        }
    }

    fn get_template_contents(&self, target: &u32) -> u32 {
        self.nodes.borrow()[*target as usize].first_child
    }
}
