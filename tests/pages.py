"""Reading rendered pages as HTML: table rows by id, elements by id or class, as plain text.

Markup can change around the numbers without breaking tests; only what a reader sees counts.
"""

from __future__ import annotations

from html.parser import HTMLParser

BLOCKS = {"p", "div", "dt", "dd", "li", "th", "td", "tr", "h1", "h2", "h3", "h4", "br", "section"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: _Node | None):
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[_Node | str] = []

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def text(self) -> str:
        parts: list[str] = []

        def walk(node: _Node) -> None:
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                elif child.tag not in ("script", "style", "svg"):
                    walk(child)
                    if child.tag in BLOCKS:
                        parts.append(" ")

        walk(self)
        return " ".join("".join(parts).split())

    def find_all(self, match) -> list[_Node]:
        found = []
        for child in self.children:
            if isinstance(child, _Node):
                if match(child):
                    found.append(child)
                found.extend(child.find_all(match))
        return found


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(_Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> _Node:
    builder = _Builder()
    builder.feed(html)
    return builder.root


def by_id(html: str, element_id: str) -> _Node | None:
    found = parse(html).find_all(lambda node: node.attrs.get("id") == element_id)
    return found[0] if found else None


def text_of(html: str, element_id: str) -> str:
    node = by_id(html, element_id)
    assert node is not None, f"no element with id {element_id!r}"
    return node.text()


def texts_by_class(html: str, css_class: str) -> list[str]:
    return [node.text() for node in parse(html).find_all(lambda n: css_class in n.classes)]


def row_cells(html: str, row_id: str) -> list[str]:
    """The text of each cell of the table row with this id, the chart's cell left out."""
    row = by_id(html, row_id)
    assert row is not None, f"no row with id {row_id!r}"
    return [
        cell.text()
        for cell in row.children
        if isinstance(cell, _Node) and cell.tag in ("th", "td") and "chart-cell" not in cell.classes
    ]


def row_ids(html: str, prefix: str = "result-") -> list[str]:
    return [
        node.attrs["id"]
        for node in parse(html).find_all(
            lambda n: n.tag == "tr" and (n.attrs.get("id") or "").startswith(prefix)
        )
    ]


def cell_classes(html: str, row_id: str) -> list[list[str]]:
    row = by_id(html, row_id)
    assert row is not None
    return [cell.classes for cell in row.children if isinstance(cell, _Node) and cell.tag == "td"]


def links(html: str, container_id: str | None = None) -> list[tuple[str, str]]:
    root = by_id(html, container_id) if container_id else parse(html)
    return [(a.text(), a.attrs.get("href", "")) for a in root.find_all(lambda n: n.tag == "a")]
