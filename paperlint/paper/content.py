"""A page's content streams as the operands and operators pdfminer's interpreter sees, read
with one regular expression instead of pdfminer's character-by-character state machine.

pdfminer's ``PDFContentParser`` finds each token by switching between a dozen small parsing
functions, a regex search and a string concatenation at a time; it was a third of the time
paperlint spends drawing a page (most of a paper's cold audit is drawing its pages). The
tokens of an ordinary page (numbers, names, strings, hex strings, arrays, dictionaries and
operators) are read here with one compiled pattern, into the very objects pdfminer builds:
``int`` and ``float``, ``bytes``, ``True``/``False``, the interned ``PSLiteral`` and
``PSKeyword`` objects, lists and dicts.

Everything else is left to pdfminer: :func:`content_objects` returns None, and the page is read
by pdfminer's own parser, so that the result is pdfminer's in every case. That is an inline
image (``BI … ID … EI``, binary data with its own end rule), a procedure (``{ }``), a name
with a ``#xx`` escape, an octal escape past 255, a number pdfminer would drop (a lone sign), a
token that a stream boundary cuts where pdfminer carries it over, brackets that do not pair up,
a dictionary with an odd number of items or a non-name key, a stream that cannot be
decoded, and a page whose content is larger than :data:`MAX_CONTENT` (pdfminer's parser
streams its objects; this one holds a page's objects at once, so it takes ordinary pages only). ``tests/test_pdf_content.py`` compares the two readers on every page of the test
PDFs and on generated streams.
"""

from __future__ import annotations

import re
from typing import Any

from pdfminer.psparser import KWD, LIT, PSLiteral, literal_name

# What ends a name or an operator in pdfminer (END_LITERAL, END_KEYWORD): `\s` as Python's
# bytes patterns mean it, which has \v and not \x00.
_DELIMITERS = rb"#/%\[\]()<>{}\s"

_TOKEN = re.compile(
    rb"[\s\x00]+"  # between tokens pdfminer skips white space and NUL
    rb"|%[^\r\n]*"  # a comment
    rb"|/([^" + _DELIMITERS + rb"]*+)(?!#)"  # 1 a name (one with a #xx escape is not read here)
    rb"|([-+]?[0-9]+)(?![.0-9])"  # 2 an integer
    rb"|([-+]?[0-9]*\.[0-9]*)"  # 3 a real number (pdfminer drops "." and "-.", as here)
    rb"|([A-Za-z][^" + _DELIMITERS + rb"]*)"  # 4 an operator, true or false
    rb"|(\()"  # 5 a string
    rb"|(<<)|(>>)"  # 6, 7 a dictionary
    rb"|<([0-9A-Fa-f\s]*)>"  # 8 a hex string
    rb"|(\[)|(\])"  # 9, 10 an array
    rb"|(['\"])",  # 11 the one-character operators ' and "
)
_STRING_STOP = re.compile(rb"[()\\]")
_OCTAL = re.compile(rb"[0-7]{1,3}")
_ESCAPES = {
    ord("b"): b"\x08",
    ord("t"): b"\t",
    ord("n"): b"\n",
    ord("f"): b"\x0c",
    ord("r"): b"\r",
    ord("("): b"(",
    ord(")"): b")",
    ord("\\"): b"\\",
}
_SPACE = re.compile(rb"\s")
_HEX_PAIR = re.compile(rb"[0-9a-fA-F]{2}|.", re.S)
_TRUE, _FALSE = b"true", b"false"
#: Bytes of decoded content a page may have to be read here (a paper's pages have tens of
#: kilobytes; at this size the objects held at once take some tens of megabytes).
MAX_CONTENT = 2 << 20
_HANDED_BACK = (b"BI", b"ID", b"EI")  # inline images: pdfminer's


class _HandBack(Exception):
    """Something this reader leaves to pdfminer's own parser."""


def content_objects(data: list[bytes]) -> list[Any] | None:
    """The top-level objects of a page whose content streams hold ``data`` (one bytes per
    stream, decoded), in order, as pdfminer's ``PDFContentParser.nextobject`` yields them; None
    where only pdfminer's parser can say (see the module's docstring)."""
    if sum(len(chunk) for chunk in data) > MAX_CONTENT:
        return None
    out: list[Any] = []
    stack: list[list[Any]] = []  # the lists and dicts being filled, outermost first
    kinds: list[bool] = []  # for each: a dictionary?
    try:
        for i, chunk in enumerate(data):
            if i < len(data) - 1 and chunk.endswith(b"/"):
                # pdfminer carries a name begun at a stream's end over into the next stream
                raise _HandBack
            _read(chunk, out, stack, kinds)
    except _HandBack:
        return None
    if stack:
        return None  # an array or dictionary never closed
    return out


def _read(data: bytes, out: list[Any], stack: list[list[Any]], kinds: list[bool]) -> None:
    current = stack[-1] if stack else out
    append = current.append
    match = _TOKEN.match
    pos, end = 0, len(data)
    while pos < end:
        m = match(data, pos)
        if m is None:
            raise _HandBack  # `{`, `}`, a lone `<`, `>`, `)`, sign or other byte
        pos = m.end()
        group = m.lastindex
        if group is None:
            continue  # white space or a comment
        if group == 4:
            word = m.group(4)
            if word == _TRUE:
                append(True)
            elif word == _FALSE:
                append(False)
            elif word in _HANDED_BACK:
                raise _HandBack
            else:
                append(KWD(word))
        elif group == 2:
            append(int(m.group(2)))
        elif group == 3:
            raw = m.group(3)
            if raw.strip(b"+-."):  # a digit: "." or "-." alone pdfminer drops, as here
                append(float(raw))
        elif group == 1:
            raw = m.group(1)
            try:
                append(LIT(str(raw, "utf-8")))
            except UnicodeDecodeError:
                append(LIT(raw))
        elif group == 5:
            value, pos = _string(data, pos)
            append(value)
        elif group == 8:
            hexes = _SPACE.sub(b"", m.group(8))
            append(_HEX_PAIR.sub(lambda h: bytes((int(h.group(0), 16),)), hexes))
        elif group == 11:
            append(KWD(m.group(11)))
        elif group in (9, 6):
            current = []
            stack.append(current)
            kinds.append(group == 6)
            append = current.append
        else:  # 10 `]` or 7 `>>`
            if not stack or kinds[-1] != (group == 7):
                raise _HandBack
            items = stack.pop()
            kinds.pop()
            current = stack[-1] if stack else out
            append = current.append
            append(_dictionary(items) if group == 7 else items)


def _dictionary(items: list[Any]) -> dict[str, Any]:
    if len(items) % 2:
        raise _HandBack  # pdfminer raises PSSyntaxError, which ends the page
    d: dict[str, Any] = {}
    for key, value in zip(items[::2], items[1::2], strict=True):
        if not isinstance(key, PSLiteral):
            raise _HandBack
        d[literal_name(key)] = value  # never None here: no token reads as None
    return d


def _string(data: bytes, pos: int) -> tuple[bytes, int]:
    """The literal string that starts at ``pos`` (after its "("), and where it ends, read as
    pdfminer reads it: balanced parentheses kept, escapes decoded, an unknown escape's
    backslash and character both dropped, a backslash before a line end joining the lines."""
    parts: list[bytes] = []
    depth = 1
    end = len(data)
    while True:
        m = _STRING_STOP.search(data, pos)
        if m is None:
            raise _HandBack  # it goes on in the next stream, or never ends
        j = m.start()
        parts.append(data[pos:j])
        c = data[j]
        if c == 0x28:  # (
            depth += 1
            parts.append(b"(")
            pos = j + 1
            continue
        if c == 0x29:  # )
            depth -= 1
            if depth == 0:
                return b"".join(parts), j + 1
            parts.append(b")")
            pos = j + 1
            continue
        k = j + 1  # after a backslash
        octal = _OCTAL.match(data, k)
        if octal is not None:
            code = int(octal.group(), 8)
            if code > 255 or octal.end() >= end:
                raise _HandBack  # pdfminer fails on it; or the escape ends the stream
            parts.append(bytes((code,)))
            pos = octal.end()
            continue
        if k >= end:
            raise _HandBack
        escaped = _ESCAPES.get(data[k])
        if escaped is not None:
            parts.append(escaped)
        elif data[k] == 0x0D and data[k + 1 : k + 2] == b"\n":
            k += 1
        pos = k + 1
