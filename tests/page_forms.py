"""What a browser would send for a form of a rendered page: every enabled field of the form with its current
value (a select's selected option, else its first; a checkbox only when checked), and nothing inside a
<template>. Tests post this instead of a hand-made dictionary, so that a field the page renders but the test
forgot — the extra row's drop-downs, say — is sent as a browser sends it."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self.current: list[tuple[str, str]] | None = None
        self.in_template = 0
        self.select: tuple[str, list[tuple[str, bool]]] | None = None
        self.textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "template":
            self.in_template += 1
        if self.in_template or (self.current is None and tag != "form"):
            return
        if tag == "form":
            self.current = []
            self.forms.append(self.current)
        elif tag == "option" and self.select is not None:
            self.select[1].append((attrs.get("value") or "", "selected" in attrs))
        elif not attrs.get("name") or "disabled" in attrs or "form" in attrs:
            return  # not sent, or sent with another form (the form attribute)
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.current.append((attrs["name"], attrs.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select":
            self.select = (attrs["name"], [])
        elif tag == "textarea":
            self.textarea = (attrs["name"], [])

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "template":
            self.in_template -= 1
            return
        if self.in_template or self.current is None:
            return
        if tag == "textarea" and self.textarea is not None:
            text = "".join(self.textarea[1])
            self.current.append((self.textarea[0], text[1:] if text.startswith("\n") else text))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            name, options = self.select
            chosen = [value for value, selected in options if selected] or [value for value, _ in options[:1]]
            self.current.extend((name, value) for value in chosen[:1])
            self.select = None
        elif tag == "form":
            self.current = None


def form_data(html: str, containing: str) -> dict[str, str]:
    """The fields of the page's form that has a field named `containing`, as a browser would send them."""
    reader = _FormReader()
    reader.feed(html)
    for fields in reader.forms:
        if any(name == containing for name, _value in fields):
            return dict(fields)
    raise AssertionError(f"no form with a field {containing!r}")
