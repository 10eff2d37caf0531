"""Links to the outlet's original page that land on the quote itself: URL text fragments
(https://wicg.github.io/scroll-to-text-fragment/), `#:~:text=[prefix-,]start[,end]`.

A fragment's text is percent-encoded, and `-`, `&` and `,` must be encoded too because they
are the directive's own syntax. Long quotes and quotes that cross paragraphs (a single
`start` cannot cross a block boundary) become a start,end range of a few words each.
"""

from __future__ import annotations

from urllib.parse import quote

SHORT = 8  # a quote of at most this many words is matched whole
EDGE = 4  # otherwise, this many words at each end


def encode(text: str) -> str:
    """Percent-encode for a text directive: everything but letters, digits, `.`, `_`, `~`."""
    return quote(text, safe="").replace("-", "%2D")


def text_directive(exact: str, prefix: str = "", whole_text: str = "") -> str:
    """`text=…` for a passage; a prefix is added when the start words occur more than once."""
    parts = [p.split() for p in exact.split("\n\n") if p.strip()]
    if not parts:
        return ""
    if len(parts) == 1 and len(parts[0]) <= SHORT:
        start, end = " ".join(parts[0]), ""
    else:
        start, end = " ".join(parts[0][:EDGE]), " ".join(parts[-1][-EDGE:])
    directive = encode(start) + (f",{encode(end)}" if end else "")
    before = prefix.split("\n\n")[-1].split()[-3:]
    if before and whole_text.count(start) > 1:
        directive = f"{encode(' '.join(before))}-,{directive}"
    return "text=" + directive


def original_link(url: str, exact: str, prefix: str = "", whole_text: str = "", translated: bool = False) -> str:
    """The original's address with a text fragment; none for a translation, whose words differ
    from the original's, and nothing at all when the original's address is unknown."""
    if not url:
        return ""
    if translated:
        return url
    base = url.split("#", 1)[0]
    directive = text_directive(exact, prefix, whole_text)
    return f"{base}#:~:{directive}" if directive else base
